namespace P2PMarket.Clearing.Results;

/// <summary>How a clearing ended.</summary>
/// <param name="Exit">Why it stopped: <c>converged</c>, <c>iterationLimit</c> or <c>direct</c> (no iteration).</param>
/// <param name="Iterations">Local steps done (0 for a direct solution).</param>
/// <param name="RelativeTolerance">Relative stopping tolerance (dimensionless).</param>
/// <param name="AbsoluteTolerance">Absolute stopping tolerance per component, in the residual's unit (kW or $/kWh).</param>
/// <param name="IntervalHours">Length of the market interval, h.</param>
/// <param name="InitialRhoUsdPerKw2">ADMM penalty of the first iteration, $/kW^2 per interval; null without ADMM.</param>
/// <param name="FinalRhoUsdPerKw2">ADMM penalty of the last iteration, $/kW^2 per interval; null without ADMM.</param>
public sealed record ClearingSummary(
    string Exit,
    int Iterations,
    double RelativeTolerance,
    double AbsoluteTolerance,
    double IntervalHours,
    double? InitialRhoUsdPerKw2,
    double? FinalRhoUsdPerKw2);
