namespace P2PMarket.Clearing.Envelopes;

/// <summary>How the robust-envelope LP ended (the solver's status when it produced envelopes).</summary>
public enum RobustEnvelopeStatus
{
    /// <summary>Proven optimal.</summary>
    Optimal,

    /// <summary>Feasible, optimality not proven (the solver stopped early).</summary>
    Feasible,
}
