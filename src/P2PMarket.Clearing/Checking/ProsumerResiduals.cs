using P2PMarket.Prosumers;

namespace P2PMarket.Clearing.Checking;

/// <summary>One prosumer's residuals of the equilibrium conditions (MODEL.md sec. 5).</summary>
/// <param name="Id">Prosumer id.</param>
/// <param name="NetworkPrice">The network price the check used, <c>eta_b(i) / r_i</c>, $/kWh.</param>
/// <param name="CostGap">Priced cost of the stated decision minus that of the exact best response, $ per interval,
/// with priced cost <c>C_i + networkPrice_i p_i - sum_j tradePrice_ij t_ij</c>. &gt;= 0 for a locally feasible decision;
/// 0 at a best response, even where PV use, import and export are set-valued (price ties).</param>
/// <param name="GenerationDeviationKw"><c>|g_i - g_i*|</c>, kW (unique: strictly convex cost).</param>
/// <param name="DemandDeviationKw"><c>|d_i - d_i*|</c>, kW (unique: strictly concave utility).</param>
/// <param name="TradeDeviationKw"><c>max_j |t_ij - t_ij*|</c>, kW (unique through the friction).</param>
/// <param name="BalanceResidualKw"><c>|g + sUsed - l - d - (sum_j t_ij - m + x)|</c>, kW.</param>
/// <param name="InjectionMismatchKw"><c>|p_i - (g + sUsed - l - d)|</c> for the stated injection <c>p_i</c>, kW.</param>
/// <param name="LocalBoundViolationKw">Largest violation of <c>g in [0, Gmax]</c>, <c>sUsed in [0, s]</c>,
/// <c>d in [Dmin, Dmax]</c>, <c>m, x in [0, Emax]</c>, <c>|t_ij| &lt;= Tmax_ij</c>, kW.</param>
/// <param name="BestResponse">The exact best response (<see cref="LocalSolver"/> with rho = 0).</param>
public sealed record ProsumerResiduals(
    string Id,
    double NetworkPrice,
    double CostGap,
    double GenerationDeviationKw,
    double DemandDeviationKw,
    double TradeDeviationKw,
    double BalanceResidualKw,
    double InjectionMismatchKw,
    double LocalBoundViolationKw,
    LocalDecision BestResponse);
