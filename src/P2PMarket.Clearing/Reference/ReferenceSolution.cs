using P2PMarket.Clearing.Numerics;

namespace P2PMarket.Clearing.Reference;

/// <summary>
/// The variational equilibrium of a scenario, solved centrally as the social-welfare QP (MODEL.md sec. 5, 8).
/// Sign conventions: a trade <c>t_ij &gt; 0</c> means i sells to j; the trade price is what the seller receives and
/// the buyer pays (in prosumer i's partial dual it enters as <c>-tradePrice_ij t_ij</c>); the network price is
/// charged per kW injected (<c>+eta_b(i) p_i</c>), so it is negative where an injection relieves a binding limit.
/// Only meaningful if <see cref="ExitReason"/> is <see cref="QpExitReason.Converged"/>.
/// </summary>
/// <param name="ExitReason">Why the QP solver stopped.</param>
/// <param name="Iterations">Interior-point iterations.</param>
/// <param name="Prosumers">Per prosumer (scenario order): decisions, prices and cost.</param>
/// <param name="TradesKw">Per directed slot of the scenario's <c>TradeGraph</c>: <c>t_ij</c>, kW.</param>
/// <param name="TradePrice">Per directed slot: <c>tradePrice_ij</c>, $/kWh; the multiplier of the pair's reciprocity
/// constraint, identical on both slots of a pair. Unique where the pair trades strictly inside <c>(-Tmax, Tmax)</c>; where
/// it does not trade, any price within the fee of both balance prices supports the equilibrium and the interior-point
/// method returns one near the middle of that band (MODEL.md sec. 5 on non-unique prices).</param>
/// <param name="NetworkMultipliers">Per network row (order and labels of <c>NetworkConstraints</c>): <c>mu_k &gt;= 0</c>,
/// in $/h per unit of the row: per p.u.^2 for voltage rows, per kW (= $/kWh) for flow rows (MODEL.md sec. 3).</param>
/// <param name="BusNetworkPrice">Per bus: <c>eta = A^T mu</c>, $/kWh (0 at the substation).</param>
/// <param name="BusInjectionKw">Per bus: <c>P_n</c>, the sum of the injections of the prosumers at bus n, kW.</param>
/// <param name="NetworkSlack">Per network row: <c>b - A P</c> (&gt;= 0 when feasible; 0 on a binding row), in the row's unit.</param>
/// <param name="Welfare">Social welfare <c>-sum_i C_i</c>, $ per market interval.</param>
/// <param name="NetworkSurplus">Operator's merchandising surplus <c>sum_i networkPrice_i p_i</c>, $ per interval (a transfer, not in the welfare).</param>
/// <param name="PrimalResidual">Scaled primal residual of the QP (see <see cref="QpResult"/>).</param>
/// <param name="DualResidual">Scaled dual residual of the QP.</param>
/// <param name="Complementarity">Scaled complementarity of the QP.</param>
public sealed record ReferenceSolution(
    QpExitReason ExitReason,
    int Iterations,
    IReadOnlyList<ReferenceProsumerDecision> Prosumers,
    IReadOnlyList<double> TradesKw,
    IReadOnlyList<double> TradePrice,
    IReadOnlyList<double> NetworkMultipliers,
    IReadOnlyList<double> BusNetworkPrice,
    IReadOnlyList<double> BusInjectionKw,
    IReadOnlyList<double> NetworkSlack,
    double Welfare,
    double NetworkSurplus,
    double PrimalResidual,
    double DualResidual,
    double Complementarity)
{
    /// <summary>True if the QP converged.</summary>
    public bool Converged => ExitReason == QpExitReason.Converged;
}
