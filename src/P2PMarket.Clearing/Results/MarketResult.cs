namespace P2PMarket.Clearing.Results;

/// <summary>
/// The result file of one clearing (DESIGN.md "Scenario and result files"), schema version 1, described by
/// <c>Schema/result.schema.json</c>. Money is in $ per market interval (prices in $/kWh times kW over one
/// interval, as in MODEL.md), power in kW, voltages in p.u.; every property name carries its unit.
/// Undefined (NaN) and unbounded (infinite) values are written as null.
/// </summary>
/// <param name="SchemaVersion">Version of this format: 1.</param>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Mode">Market mode: <c>unconstrained</c>, <c>discard</c>, <c>oe</c>, <c>ve</c>, <c>nne</c> (MODEL.md sec. 9) or a variant.</param>
/// <param name="Clearing">How the clearing ended and with which tolerances.</param>
/// <param name="Limits">Voltage limits and retail prices in force.</param>
/// <param name="Prosumers">Per prosumer, in scenario order.</param>
/// <param name="Buses">Per bus, substation first, then the feeder's bus-data order.</param>
/// <param name="Branches">Per branch, in branch-data order.</param>
/// <param name="NetworkRows">Per row of <c>A P &lt;= b</c>, in MODEL.md sec. 3 order.</param>
/// <param name="Totals">Market-wide figures.</param>
/// <param name="Equilibrium">Residuals of the equilibrium conditions (MODEL.md sec. 5); null if not checked.</param>
/// <param name="Convergence">Iteration history of the ADMM (empty for a non-iterative mode).</param>
/// <param name="Timings">Wall times.</param>
public sealed record MarketResult(
    int SchemaVersion,
    string Scenario,
    string Mode,
    ClearingSummary Clearing,
    MarketLimits Limits,
    IReadOnlyList<ProsumerResult> Prosumers,
    IReadOnlyList<BusResult> Buses,
    IReadOnlyList<BranchResult> Branches,
    IReadOnlyList<NetworkRowResult> NetworkRows,
    MarketTotals Totals,
    EquilibriumSummary? Equilibrium,
    IReadOnlyList<ConvergenceRecord> Convergence,
    ResultTimings Timings)
{
    /// <summary>The format version this code writes.</summary>
    public const int CurrentSchemaVersion = 1;
}
