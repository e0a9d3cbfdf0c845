namespace P2PMarket.Clearing.Modes;

/// <summary>Why the <c>discard</c> mode stopped dropping trades.</summary>
public enum DiscardStop
{
    /// <summary>The cleared market satisfies <c>A P &lt;= b</c> within the tolerance.</summary>
    Feasible,

    /// <summary>Rows are still violated but no remaining trade contributes to any of them (every pair is dropped,
    /// or the violation comes from retail import or export, which the security check cannot drop).</summary>
    NoContributingTrade,
}
