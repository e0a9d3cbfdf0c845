namespace P2PMarket.Clearing.Numerics;

/// <summary>
/// Result of <see cref="InteriorPointQpSolver.Solve"/>. Multipliers follow the Lagrangian
/// <c>L = 1/2 x'Hx + c'x + y'(Ex - e) + z'(Gx - h) - zLower'(x - lb) + zUpper'(x - ub)</c>, so stationarity reads
/// <c>Hx + c + E'y + G'z - zLower + zUpper = 0</c> with <c>z, zLower, zUpper &gt;= 0</c>. A multiplier is in
/// objective units per unit of its row (or variable).
/// </summary>
/// <param name="ExitReason">Why the solver stopped; only <see cref="QpExitReason.Converged"/> gives a solution.</param>
/// <param name="Solution">x (n), within its bounds.</param>
/// <param name="EqualityMultipliers">y (me), free sign.</param>
/// <param name="InequalityMultipliers">z (mi), &gt;= 0.</param>
/// <param name="LowerBoundMultipliers">zLower (n), &gt;= 0; 0 where lb is -infinity.</param>
/// <param name="UpperBoundMultipliers">zUpper (n), &gt;= 0; 0 where ub is +infinity.</param>
/// <param name="Objective"><c>1/2 x'Hx + c'x</c> at <paramref name="Solution"/>.</param>
/// <param name="Iterations">Newton (predictor-corrector) iterations done.</param>
/// <param name="PrimalResidual">Largest violation of <c>E x = e</c>, <c>G x &lt;= h</c> with each row divided by its
/// largest coefficient, over <c>1 + ||rhs||_inf</c> of the scaled rows.</param>
/// <param name="DualResidual"><c>||Hx + c + E'y + G'z - zLower + zUpper||_inf / (1 + ||c||_inf)</c>.</param>
/// <param name="Complementarity"><c>(sum z_k |h - Gx|_k + sum zLower (x - lb) + sum zUpper (ub - x)) / (1 + |objective|)</c>.</param>
public sealed record QpResult(
    QpExitReason ExitReason,
    IReadOnlyList<double> Solution,
    IReadOnlyList<double> EqualityMultipliers,
    IReadOnlyList<double> InequalityMultipliers,
    IReadOnlyList<double> LowerBoundMultipliers,
    IReadOnlyList<double> UpperBoundMultipliers,
    double Objective,
    int Iterations,
    double PrimalResidual,
    double DualResidual,
    double Complementarity)
{
    /// <summary>True if <see cref="ExitReason"/> is <see cref="QpExitReason.Converged"/>.</summary>
    public bool Converged => ExitReason == QpExitReason.Converged;
}
