namespace P2PMarket.Clearing.Reference;

/// <summary>One prosumer's part of the variational equilibrium (MODEL.md sec. 2, 5).</summary>
/// <param name="GenerationKw"><c>g_i</c>, kW.</param>
/// <param name="PvUsedKw">Used PV <c>sUsed_i</c>, kW.</param>
/// <param name="FlexibleDemandKw"><c>d_i</c>, kW.</param>
/// <param name="ImportKw">Retail import <c>m_i</c>, kW.</param>
/// <param name="ExportKw">Retail export <c>x_i</c>, kW.</param>
/// <param name="InjectionKw">Bus injection <c>p_i = g + sUsed - l - d</c>, kW (positive = into the feeder).</param>
/// <param name="BalancePrice">Multiplier <c>lambda_i</c> of the power balance, $/kWh: the prosumer's value of one more
/// kWh on the market side of its meter. At an interior optimum <c>2 a g + c = lambda_i - networkPrice_i</c>,
/// <c>alpha - 2 beta d = lambda_i - networkPrice_i</c>, and a seller on slot ij has
/// <c>tradePrice_ij - lambda_i = tradeFee + gamma t_ij</c>.</param>
/// <param name="NetworkPrice"><c>networkPrice_i = eta_b(i)</c>, $/kWh charged per kW injected (the VE has all <c>r_i = 1</c>).</param>
/// <param name="Cost"><c>C_i</c>, $ per market interval: generation cost - utility + retail import cost - retail export
/// revenue + fees + friction (no trade payments, no network charge).</param>
public sealed record ReferenceProsumerDecision(
    double GenerationKw,
    double PvUsedKw,
    double FlexibleDemandKw,
    double ImportKw,
    double ExportKw,
    double InjectionKw,
    double BalancePrice,
    double NetworkPrice,
    double Cost);
