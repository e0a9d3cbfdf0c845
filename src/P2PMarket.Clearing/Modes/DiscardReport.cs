namespace P2PMarket.Clearing.Modes;

/// <summary>What the <c>discard</c> mode did (MODEL.md sec. 9).</summary>
/// <param name="Stop">Why it stopped.</param>
/// <param name="Dropped">Blocked pairs, in the order they were dropped.</param>
/// <param name="RemainingViolations">Rows still violated at the final clearing, most violated first (empty when feasible).</param>
public sealed record DiscardReport(DiscardStop Stop, IReadOnlyList<DroppedTrade> Dropped, IReadOnlyList<RowViolation> RemainingViolations);
