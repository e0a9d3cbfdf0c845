using MathNet.Numerics.LinearAlgebra;

namespace P2PMarket.Clearing.Numerics;

/// <summary>
/// A convex quadratic program in the form solved by <see cref="InteriorPointQpSolver"/>:
/// <c>min 1/2 x'Hx + c'x</c> subject to <c>E x = e</c>, <c>G x &lt;= h</c>, <c>lb &lt;= x &lt;= ub</c>,
/// with H symmetric positive semidefinite (possibly singular) and bounds possibly infinite.
/// The data are copied on construction and never change; the accessors return copies.
/// </summary>
public sealed class QuadraticProgram
{
    /// <summary>Builds and validates a QP.</summary>
    /// <param name="hessian">H (n x n), symmetric PSD. Symmetry is checked to 1e-12 relative; PSD is the caller's promise.</param>
    /// <param name="linear">c (n).</param>
    /// <param name="equalityMatrix">E (me x n), or null for none.</param>
    /// <param name="equalityRhs">e (me), or null for none.</param>
    /// <param name="inequalityMatrix">G (mi x n), or null for none.</param>
    /// <param name="inequalityRhs">h (mi), or null for none.</param>
    /// <param name="lowerBound">lb (n), entries may be <see cref="double.NegativeInfinity"/>; null = all free.</param>
    /// <param name="upperBound">ub (n), entries may be <see cref="double.PositiveInfinity"/>; null = all free.</param>
    /// <exception cref="ArgumentException">Dimensions disagree, data are not finite, H is not symmetric or lb &gt; ub.</exception>
    public QuadraticProgram(
        Matrix<double> hessian,
        Vector<double> linear,
        Matrix<double>? equalityMatrix = null,
        Vector<double>? equalityRhs = null,
        Matrix<double>? inequalityMatrix = null,
        Vector<double>? inequalityRhs = null,
        IReadOnlyList<double>? lowerBound = null,
        IReadOnlyList<double>? upperBound = null)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        ArgumentNullException.ThrowIfNull(linear);
        var n = linear.Count;
        if (hessian.RowCount != n || hessian.ColumnCount != n)
            throw new ArgumentException($"hessian: expected {n} x {n} (the length of linear), got {hessian.RowCount} x {hessian.ColumnCount}", nameof(hessian));
        RequireFinite(hessian, nameof(hessian));
        RequireFinite(linear, nameof(linear));
        var scale = 1.0 + hessian.InfinityNorm();
        for (var i = 0; i < n; i++)
        for (var j = i + 1; j < n; j++)
            if (Math.Abs(hessian[i, j] - hessian[j, i]) > 1e-12 * scale)
                throw new ArgumentException($"hessian: expected a symmetric matrix, H[{i},{j}] = {hessian[i, j]} but H[{j},{i}] = {hessian[j, i]}", nameof(hessian));

        H = hessian.Clone();
        C = linear.Clone();
        (E, EqRhs) = Rows(equalityMatrix, equalityRhs, n, nameof(equalityMatrix), nameof(equalityRhs));
        (G, IneqRhs) = Rows(inequalityMatrix, inequalityRhs, n, nameof(inequalityMatrix), nameof(inequalityRhs));

        Lb = Bounds(lowerBound, n, double.NegativeInfinity, nameof(lowerBound));
        Ub = Bounds(upperBound, n, double.PositiveInfinity, nameof(upperBound));
        for (var j = 0; j < n; j++)
        {
            if (double.IsNaN(Lb[j]) || Lb[j] == double.PositiveInfinity)
                throw new ArgumentException($"lowerBound[{j}]: expected a finite number or -infinity, got {Lb[j]}", nameof(lowerBound));
            if (double.IsNaN(Ub[j]) || Ub[j] == double.NegativeInfinity)
                throw new ArgumentException($"upperBound[{j}]: expected a finite number or +infinity, got {Ub[j]}", nameof(upperBound));
            if (Lb[j] > Ub[j])
                throw new ArgumentException($"bounds of variable {j}: expected lowerBound <= upperBound, got {Lb[j]} > {Ub[j]}", nameof(lowerBound));
        }
    }

    /// <summary>Number of variables n.</summary>
    public int VariableCount => C.Count;

    /// <summary>Number of equality rows me.</summary>
    public int EqualityCount => E.RowCount;

    /// <summary>Number of inequality rows mi.</summary>
    public int InequalityCount => G.RowCount;

    /// <summary>A copy of H.</summary>
    public Matrix<double> Hessian => H.Clone();

    /// <summary>A copy of c.</summary>
    public Vector<double> Linear => C.Clone();

    /// <summary>A copy of E (me x n).</summary>
    public Matrix<double> EqualityMatrix => E.Clone();

    /// <summary>A copy of e.</summary>
    public Vector<double> EqualityRhs => EqRhs.Clone();

    /// <summary>A copy of G (mi x n).</summary>
    public Matrix<double> InequalityMatrix => G.Clone();

    /// <summary>A copy of h.</summary>
    public Vector<double> InequalityRhs => IneqRhs.Clone();

    /// <summary>lb per variable (may be -infinity).</summary>
    public IReadOnlyList<double> LowerBound => Array.AsReadOnly(Lb);

    /// <summary>ub per variable (may be +infinity).</summary>
    public IReadOnlyList<double> UpperBound => Array.AsReadOnly(Ub);

    /// <summary>The objective <c>1/2 x'Hx + c'x</c> at <paramref name="x"/>.</summary>
    public double Objective(IReadOnlyList<double> x)
    {
        if (x.Count != VariableCount) throw new ArgumentException($"x: expected {VariableCount} entries, got {x.Count}", nameof(x));
        var v = Vector<double>.Build.Dense(x.Count, i => x[i]);
        return 0.5 * H.Multiply(v).DotProduct(v) + C.DotProduct(v);
    }

    // The solver reads the stored data directly (no copies).
    internal Matrix<double> H { get; }
    internal Vector<double> C { get; }
    internal Matrix<double> E { get; }
    internal Vector<double> EqRhs { get; }
    internal Matrix<double> G { get; }
    internal Vector<double> IneqRhs { get; }
    internal double[] Lb { get; }
    internal double[] Ub { get; }

    private static (Matrix<double>, Vector<double>) Rows(Matrix<double>? matrix, Vector<double>? rhs, int n, string matrixName, string rhsName)
    {
        if (matrix is null && rhs is null) return (Matrix<double>.Build.Dense(0, n), Vector<double>.Build.Dense(0));
        if (matrix is null || rhs is null)
            throw new ArgumentException($"{matrixName} and {rhsName}: expected both or neither, got only {(matrix is null ? rhsName : matrixName)}", matrix is null ? matrixName : rhsName);
        if (matrix.ColumnCount != n)
            throw new ArgumentException($"{matrixName}: expected {n} columns (one per variable), got {matrix.ColumnCount}", matrixName);
        if (rhs.Count != matrix.RowCount)
            throw new ArgumentException($"{rhsName}: expected {matrix.RowCount} entries (one per row of {matrixName}), got {rhs.Count}", rhsName);
        RequireFinite(matrix, matrixName);
        RequireFinite(rhs, rhsName);
        return (matrix.Clone(), rhs.Clone());
    }

    private static double[] Bounds(IReadOnlyList<double>? bound, int n, double missing, string name)
    {
        if (bound is null) return Enumerable.Repeat(missing, n).ToArray();
        if (bound.Count != n) throw new ArgumentException($"{name}: expected {n} entries (one per variable), got {bound.Count}", name);
        return bound.ToArray();
    }

    private static void RequireFinite(Matrix<double> m, string name)
    {
        for (var i = 0; i < m.RowCount; i++)
        for (var j = 0; j < m.ColumnCount; j++)
            if (!double.IsFinite(m[i, j])) throw new ArgumentException($"{name}[{i},{j}]: expected a finite number, got {m[i, j]}", name);
    }

    private static void RequireFinite(Vector<double> v, string name)
    {
        for (var i = 0; i < v.Count; i++)
            if (!double.IsFinite(v[i])) throw new ArgumentException($"{name}[{i}]: expected a finite number, got {v[i]}", name);
    }
}
