namespace P2PMarket.Clearing.Admm;

/// <summary>One row of the convergence history (MODEL.md sec. 7 step 5).</summary>
/// <param name="Iteration">Iteration number (1-based count of local steps done).</param>
/// <param name="ReciprocityResidualKw">Primal trade residual <c>||t + t^T||</c>, kW.</param>
/// <param name="NetworkViolationKw">Primal network residual <c>||max(0, A P - b)||</c> on normalized rows, kW.</param>
/// <param name="TradeDualResidual">Dual trade residual <c>rho ||t^{k+1} - t^k||</c>, $/kWh.</param>
/// <param name="NetworkPrimalResidualKw">Network primal residual <c>||mu^{k+1} - mu^k|| / sigma</c> on normalized rows, kW:
/// zero exactly when <c>A P &lt;= b</c> and complementarity hold.</param>
/// <param name="NetworkDualResidual">Network dual residual <c>tau ||p^{k+1} - p^k||</c>, $/kWh.</param>
/// <param name="Rho">Trade penalty used in this iteration, $/kW^2.</param>
/// <param name="InjectionProximal">Proximal weight tau on the injections used in this iteration, $/kW^2.</param>
/// <param name="DualStep">Network dual step sigma used in this iteration, $/kW^2.</param>
/// <param name="LocalSolveSeconds">Wall time of the prosumers' step (including transport), s.</param>
/// <param name="NetworkSeconds">Wall time of the operator's step (including transport), s.</param>
/// <param name="CoordinatorSeconds">Wall time of the coordinator's own work, s.</param>
public sealed record AdmmIteration(
    int Iteration,
    double ReciprocityResidualKw,
    double NetworkViolationKw,
    double TradeDualResidual,
    double NetworkPrimalResidualKw,
    double NetworkDualResidual,
    double Rho,
    double InjectionProximal,
    double DualStep,
    double LocalSolveSeconds,
    double NetworkSeconds,
    double CoordinatorSeconds);
