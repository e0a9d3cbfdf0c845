namespace P2PMarket.Scenarios;

/// <summary>Clearing settings of a scenario (MODEL.md sec. 7). Every field has a default.</summary>
/// <param name="RelativeTolerance">Relative stopping tolerance of the ADMM residuals (Boyd et al. 2011, sec. 3.3).</param>
/// <param name="AbsoluteTolerance">Absolute stopping tolerance, in the residual's own unit (kW or $/kWh).</param>
/// <param name="MaxIterations">Iteration cap; reaching it gives a "not converged" result.</param>
/// <param name="InitialRho">Initial ADMM penalty, $/kW^2 per interval; null = the engine's default.</param>
/// <param name="IntervalHours">Length of the market interval, h (energy = power x interval).</param>
public sealed record MarketSettings(
    double RelativeTolerance = 1e-4,
    double AbsoluteTolerance = 1e-6,
    int MaxIterations = 5000,
    double? InitialRho = null,
    double IntervalHours = 1.0);
