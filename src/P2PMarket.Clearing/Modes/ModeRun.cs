using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Envelopes;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Results;
using P2PMarket.Grid;

namespace P2PMarket.Clearing.Modes;

/// <summary>One market mode run on one scenario (MODEL.md sec. 9).</summary>
/// <param name="Mode">The mode.</param>
/// <param name="Name">Its name in results: <c>unconstrained</c>, <c>discard</c>, <c>oe</c>, <c>ve</c>, <c>nne</c>, or a variant
/// (<c>ve-loss-aware</c>).</param>
/// <param name="Outcomes">Every ADMM clearing of the run, in order (the <c>discard</c> mode re-clears; the others clear once).</param>
/// <param name="Iterations">Local steps summed over the clearings.</param>
/// <param name="Converged">True if every clearing converged.</param>
/// <param name="WallSeconds">Wall time of the run (envelope LP and every clearing, not the result assembly), s.</param>
/// <param name="Rows">The rows <c>A P &lt;= b</c> the run was priced or checked against.</param>
/// <param name="Cleared">The final clearing as the result builder's input.</param>
/// <param name="Result">The result file of the final clearing (<see cref="MarketResultBuilder"/>).</param>
/// <param name="LinearViolationKw">Largest <c>(A P - b)_k / ||A_k||</c> over <paramref name="Rows"/> at the cleared injections,
/// kW of injection (&lt;= 0: feasible with that much slack).</param>
public sealed record ModeRun(
    MarketMode Mode,
    string Name,
    IReadOnlyList<AdmmOutcome> Outcomes,
    int Iterations,
    bool Converged,
    double WallSeconds,
    NetworkConstraints Rows,
    ClearedMarket Cleared,
    MarketResult Result,
    double LinearViolationKw)
{
    /// <summary>The <c>discard</c> mode's dropped pairs and remaining violations; null for other modes.</summary>
    public DiscardReport? Discard { get; init; }

    /// <summary>The robust static envelopes the <c>oe</c> mode imposed; null for other modes.</summary>
    public RobustEnvelopes? Envelopes { get; init; }

    /// <summary>The name of <paramref name="mode"/> in results (MODEL.md sec. 9).</summary>
    public static string NameOf(MarketMode mode) => mode switch
    {
        MarketMode.Unconstrained => "unconstrained",
        MarketMode.Discard => "discard",
        MarketMode.OperatingEnvelope => "oe",
        MarketMode.Variational => "ve",
        MarketMode.Normalized => "nne",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), $"unknown market mode {mode}"),
    };
}
