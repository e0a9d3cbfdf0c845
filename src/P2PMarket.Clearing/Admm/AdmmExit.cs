namespace P2PMarket.Clearing.Admm;

/// <summary>Why the ADMM loop stopped.</summary>
public enum AdmmExit
{
    /// <summary>All residuals fell below their tolerances.</summary>
    Converged,

    /// <summary>The iteration cap was reached first: the result is not an equilibrium.</summary>
    IterationLimit,
}
