using P2PMarket.Prosumers;
using P2PMarket.Scenarios;

namespace P2PMarket.Services.Hosting.ProsumerGateway;

/// <summary>
/// A prosumer's money at the cleared point (MODEL.md sec. 2, 6): its true cost <c>C_i</c>
/// (<see cref="ProsumerCost"/> of its final decision and trades), its network charge <c>networkPrice_i p_i</c>, its
/// net trade payment <c>-sum_j tradePrice_ij t_ij</c>, and its payoff <c>-C_i - payments</c>, all in $ per interval
/// (price in $/kWh times power in kW, as in the local objective). Only these totals leave the gateway.
/// </summary>
/// <param name="CostUsd">True cost <c>C_i</c>, $ per interval.</param>
/// <param name="NetworkChargeUsd">Network charge, $ per interval.</param>
/// <param name="TradePaymentUsd">Net payment for trades (negative = net revenue), $ per interval.</param>
/// <param name="PayoffUsd">Payoff, $ per interval.</param>
public readonly record struct ProsumerSettlement(double CostUsd, double NetworkChargeUsd, double TradePaymentUsd, double PayoffUsd)
{
    /// <summary>Settles prosumer <paramref name="prosumer"/>'s final decision at the final prices.</summary>
    /// <param name="scenario">The market (the prosumer's private parameters are read here, in its gateway).</param>
    /// <param name="prosumer">Global prosumer index.</param>
    /// <param name="decision">Its final decision.</param>
    /// <param name="tradeKw">Its final trades per own slot, kW.</param>
    /// <param name="tradePrice">The final trade prices per own slot, $/kWh.</param>
    /// <param name="networkPrice">Its final network price, $/kWh.</param>
    public static ProsumerSettlement Of(Scenario scenario, int prosumer, in LocalDecision decision, ReadOnlySpan<double> tradeKw,
        ReadOnlySpan<double> tradePrice, double networkPrice)
    {
        var cost = ProsumerCost.Evaluate(scenario.Prosumers[prosumer], scenario.Retail, scenario.Trades, prosumer, decision, tradeKw);
        double tradePayment = 0;
        for (var s = 0; s < tradeKw.Length; s++) tradePayment -= tradePrice[s] * tradeKw[s];
        var networkCharge = networkPrice * decision.InjectionKw;
        return new ProsumerSettlement(cost, networkCharge, tradePayment, -cost - networkCharge - tradePayment);
    }
}
