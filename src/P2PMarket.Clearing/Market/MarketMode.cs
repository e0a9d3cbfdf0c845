namespace P2PMarket.Clearing.Market;

/// <summary>The market designs compared side by side (MODEL.md sec. 9).</summary>
public enum MarketMode
{
    /// <summary>P2P clearing that ignores the grid; its violations are reported.</summary>
    Unconstrained,

    /// <summary>The traditional approach: clear unconstrained, then drop trades failing the security check until feasible.</summary>
    Discard,

    /// <summary>Robust static operating envelopes imposed as injection bounds, no network pricing.</summary>
    OperatingEnvelope,

    /// <summary>Variational equilibrium: DLMP-parametrized ADMM with all weights 1.</summary>
    Variational,

    /// <summary>Normalized Nash equilibrium with the scenario's (or given) weights.</summary>
    Normalized,
}
