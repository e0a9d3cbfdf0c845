namespace P2PMarket.Clearing.Results;

/// <summary>Wall times of a clearing.</summary>
/// <param name="WallSeconds">The whole clearing, s.</param>
/// <param name="LocalSolveSeconds">Sum over iterations of the prosumers' step (including transport), s.</param>
/// <param name="NetworkSeconds">Sum over iterations of the operator's step (including transport), s.</param>
/// <param name="CoordinatorSeconds">Sum over iterations of the coordinator's own work, s.</param>
/// <param name="AnalysisSeconds">Building this result: DLMPs, AC power flow, equilibrium check, s.</param>
public sealed record ResultTimings(double WallSeconds, double LocalSolveSeconds, double NetworkSeconds, double CoordinatorSeconds, double AnalysisSeconds);
