namespace P2PMarket.Clearing.Numerics;

/// <summary>Why <see cref="InteriorPointQpSolver"/> stopped.</summary>
public enum QpExitReason
{
    /// <summary>Scaled primal, dual and complementarity residuals are all below the tolerance.</summary>
    Converged,

    /// <summary>The iteration limit was reached first; the result is the last iterate.</summary>
    IterationLimit,

    /// <summary>The constraints admit no point: a Farkas certificate was found, or presolve found a
    /// contradictory constant row. The result carries the last iterate and is not a solution.</summary>
    Infeasible,

    /// <summary>The Newton system could not be solved, the step collapsed or the iterates diverged
    /// (e.g. an unbounded objective). The result is not a solution.</summary>
    NumericalFailure,
}
