namespace P2PMarket.Clearing.Results;

/// <summary>One prosumer's outcome. Money in $ per interval.</summary>
/// <param name="Id">Prosumer id.</param>
/// <param name="BusLabel">Original number of its bus.</param>
/// <param name="Weight">NNE weight <c>r_i</c> (dimensionless; 1 = VE).</param>
/// <param name="GenerationKw"><c>g_i</c>, kW.</param>
/// <param name="PvUsedKw"><c>sUsed_i</c>, kW.</param>
/// <param name="PvCurtailedKw"><c>s_i - sUsed_i</c>, kW.</param>
/// <param name="FlexibleDemandKw"><c>d_i</c>, kW.</param>
/// <param name="ImportKw">Retail import <c>m_i</c>, kW.</param>
/// <param name="ExportKw">Retail export <c>x_i</c>, kW.</param>
/// <param name="InjectionKw">Bus injection <c>p_i = g + sUsed - l - d</c>, kW.</param>
/// <param name="Trades">Per partner: the bilateral trade.</param>
/// <param name="NetworkPriceUsdPerKwh"><c>networkPrice_i = eta_b(i) / r_i</c>, $/kWh per kW injected.</param>
/// <param name="DynamicEnvelope">Dynamic OE at the cleared point (MODEL.md sec. 4).</param>
/// <param name="StaticEnvelope">Robust static OE imposed by the <c>oe</c> mode; null otherwise.</param>
/// <param name="CostUsd">True cost <c>C_i</c>: generation cost - utility + retail import - retail export + fees + friction, $.</param>
/// <param name="TradeRevenueUsd"><c>sum_j tradePrice_ij t_ij</c> (negative for a net buyer), $.</param>
/// <param name="NetworkChargeUsd"><c>networkPrice_i p_i</c>, paid to the operator, $.</param>
/// <param name="PayoffUsd"><c>-C_i + sum_j tradePrice_ij t_ij - networkPrice_i p_i</c>, $.</param>
/// <param name="BestResponseGapUsd">Priced-cost gap to the exact best response, $; null if not checked.</param>
public sealed record ProsumerResult(
    string Id,
    int BusLabel,
    double Weight,
    double GenerationKw,
    double PvUsedKw,
    double PvCurtailedKw,
    double FlexibleDemandKw,
    double ImportKw,
    double ExportKw,
    double InjectionKw,
    IReadOnlyList<TradeResult> Trades,
    double NetworkPriceUsdPerKwh,
    EnvelopeResult DynamicEnvelope,
    EnvelopeResult? StaticEnvelope,
    double CostUsd,
    double TradeRevenueUsd,
    double NetworkChargeUsd,
    double PayoffUsd,
    double? BestResponseGapUsd);
