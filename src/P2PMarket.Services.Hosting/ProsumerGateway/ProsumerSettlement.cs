using P2PMarket.Prosumers;

namespace P2PMarket.Services.Hosting.ProsumerGateway;

/// <summary>
/// A prosumer's money at the cleared point (MODEL.md sec. 2, 6): its realized cost <c>C_i</c>, its network charge
/// <c>networkPrice_i p_i</c>, its net trade payment <c>-sum_j tradePrice_ij t_ij</c>, and its payoff
/// <c>-C_i - payments</c>, all in $ per interval (prices in $/kWh times power in kW over the market interval, as
/// in the local objective). Only these totals leave the gateway.
/// </summary>
/// <param name="CostUsd">Realized cost <c>C_i</c>, $ per interval.</param>
/// <param name="NetworkChargeUsd">Network charge, $ per interval.</param>
/// <param name="TradePaymentUsd">Net payment for trades (negative = net revenue), $ per interval.</param>
/// <param name="PayoffUsd">Payoff, $ per interval.</param>
public readonly record struct ProsumerSettlement(double CostUsd, double NetworkChargeUsd, double TradePaymentUsd, double PayoffUsd)
{
    /// <summary>Settles a decision at the final prices.</summary>
    /// <param name="decision">The prosumer's final decision (its <see cref="LocalDecision.Cost"/> is <c>C_i</c>).</param>
    /// <param name="tradeKw">Its trades per own slot, kW.</param>
    /// <param name="tradePrice">The final trade prices per own slot, $/kWh.</param>
    /// <param name="networkPrice">Its final network price, $/kWh.</param>
    public static ProsumerSettlement Of(in LocalDecision decision, ReadOnlySpan<double> tradeKw, ReadOnlySpan<double> tradePrice, double networkPrice)
    {
        double tradePayment = 0;
        for (var s = 0; s < tradeKw.Length; s++) tradePayment -= tradePrice[s] * tradeKw[s];
        var networkCharge = networkPrice * decision.InjectionKw;
        return new ProsumerSettlement(decision.Cost, networkCharge, tradePayment, -decision.Cost - networkCharge - tradePayment);
    }
}
