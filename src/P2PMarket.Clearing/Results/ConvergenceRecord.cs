namespace P2PMarket.Clearing.Results;

/// <summary>One ADMM iteration (MODEL.md sec. 7 step 5).</summary>
/// <param name="Iteration">Iteration number, from 1.</param>
/// <param name="ReciprocityResidualKw"><c>||t + t^T||</c>, kW.</param>
/// <param name="NetworkViolationKw"><c>||max(0, A P - b)||</c> on normalized rows, kW.</param>
/// <param name="TradeDualResidualUsdPerKwh"><c>rho ||t^{k+1} - t^k||</c>, $/kWh.</param>
/// <param name="NetworkPrimalResidualKw">Projected multiplier step over sigma, <c>||mu^{k+1} - mu^k|| / sigma</c> on normalized rows, kW
/// (zero exactly when the network rows hold with complementarity).</param>
/// <param name="NetworkDualResidualUsdPerKwh"><c>tau ||p^{k+1} - p^k||</c>, $/kWh.</param>
/// <param name="RhoUsdPerKw2">Penalty <c>rho</c>, $/kW^2 per interval.</param>
/// <param name="InjectionProximalUsdPerKw2">Proximal weight <c>tau</c> on the injections, $/kW^2 per interval.</param>
/// <param name="DualStepUsdPerKw2">Network dual step, $/kW^2 per interval.</param>
/// <param name="LocalSolveSeconds">Prosumers' step, s.</param>
/// <param name="NetworkSeconds">Operator's step, s.</param>
/// <param name="CoordinatorSeconds">Coordinator's own work, s.</param>
public sealed record ConvergenceRecord(
    int Iteration,
    double ReciprocityResidualKw,
    double NetworkViolationKw,
    double TradeDualResidualUsdPerKwh,
    double NetworkPrimalResidualKw,
    double NetworkDualResidualUsdPerKwh,
    double RhoUsdPerKw2,
    double InjectionProximalUsdPerKw2,
    double DualStepUsdPerKw2,
    double LocalSolveSeconds,
    double NetworkSeconds,
    double CoordinatorSeconds);
