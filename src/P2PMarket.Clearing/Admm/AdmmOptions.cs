namespace P2PMarket.Clearing.Admm;

/// <summary>Settings of the DLMP-parametrized ADMM (MODEL.md sec. 7). Defaults are the tuned ones.</summary>
/// <param name="RelativeTolerance">Relative stopping tolerance (Boyd et al. 2011, sec. 3.3).</param>
/// <param name="AbsoluteTolerance">Absolute stopping tolerance per component (kW or $/kWh).</param>
/// <param name="MaxIterations">Iteration cap; reaching it gives <see cref="AdmmExit.IterationLimit"/>.</param>
/// <param name="InitialRho">Initial trade penalty <c>rho</c>, $/kW^2 per interval.</param>
/// <param name="AdaptiveRho">Residual balancing of rho (Boyd sec. 3.4.1).</param>
/// <param name="BalanceRatio">Band of the balance factor <c>sqrt(relative primal / relative dual)</c> outside which rho or tau changes (OSQP uses 5; 2 measured best on the shipped and synthetic markets).</param>
/// <param name="ChangeFactor">Factor by which rho or the network step changes (Boyd's tau).</param>
/// <param name="InjectionProximalFactor">Initial proximal weight on the injections as a multiple of the initial rho.</param>
/// <param name="DualStepSafety">Dual step sigma as a fraction of the primal-dual bound <c>tau / (||D A||^2 maxProsumersPerBus)</c>.</param>
/// <param name="AdaptiveNetworkStep">Residual balancing of tau (and with it sigma) on the network residuals.</param>
/// <param name="MaxPenaltyChanges">Changes of rho (and of tau) allowed freely; later ones wait for a quiet stretch that doubles
/// each time (<see cref="PenaltySchedule"/>).</param>
/// <param name="AndersonMemory">Memory of the Anderson acceleration of the iteration map (0 = plain ADMM).</param>
/// <param name="OverlapNetworkStep">Run the operator's step on iteration k's injections while the prosumers solve
/// iteration k+1 (network prices one iteration staler): takes the operator hop off the critical path; same fixed point.</param>
/// <param name="UseNetwork">False clears the market ignoring the grid (the <c>unconstrained</c> mode).</param>
public sealed record AdmmOptions(
    double RelativeTolerance = 1e-4,
    double AbsoluteTolerance = 1e-6,
    int MaxIterations = 5000,
    double InitialRho = 0.001,
    bool AdaptiveRho = true,
    double BalanceRatio = 2.0,
    double ChangeFactor = 2.0,
    double InjectionProximalFactor = 1.0,
    double DualStepSafety = 0.9,
    bool AdaptiveNetworkStep = true,
    int MaxPenaltyChanges = 20,
    int AndersonMemory = 0,
    bool OverlapNetworkStep = false,
    bool UseNetwork = true);
