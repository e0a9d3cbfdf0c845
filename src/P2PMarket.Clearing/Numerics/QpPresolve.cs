using MathNet.Numerics.LinearAlgebra;

namespace P2PMarket.Clearing.Numerics;

/// <summary>
/// Presolve of a <see cref="QuadraticProgram"/> for the interior-point method: fixed variables
/// (<c>lb = ub</c>) are substituted out (they have no interior), rows left without a free coefficient are
/// dropped (or reveal infeasibility), inequalities implied by the bounds are dropped (multiplier 0), and every
/// remaining row of E and G is divided by its largest coefficient so that one tolerance fits rows in different units.
/// <see cref="Postsolve"/> maps a working point back, with multipliers in the units of the original rows.
/// </summary>
internal sealed class QpPresolve
{
    private const double ZeroCoefficient = 0.0;

    private QpPresolve(QuadraticProgram original)
    {
        Original = original;
        var n0 = original.VariableCount;
        var fixedValue = new double[n0];
        var free = new List<int>();
        IsFixed = new bool[n0];
        for (var j = 0; j < n0; j++)
        {
            var lb = original.Lb[j];
            var ub = original.Ub[j];
            if (double.IsFinite(lb) && double.IsFinite(ub) && ub - lb <= 1e-13 * (1.0 + Math.Abs(lb)))
            {
                IsFixed[j] = true;
                fixedValue[j] = lb;
            }
            else free.Add(j);
        }
        FixedValue = fixedValue;
        FreeIndex = free.ToArray();
        var n = FreeIndex.Length;
        var xFixed = Vector<double>.Build.Dense(fixedValue);

        H = Matrix<double>.Build.Dense(n, n, (a, b) => original.H[FreeIndex[a], FreeIndex[b]]);
        var hxFixed = original.H.Multiply(xFixed);
        C = Vector<double>.Build.Dense(n, a => original.C[FreeIndex[a]] + hxFixed[FreeIndex[a]]);
        Lb = FreeIndex.Select(j => original.Lb[j]).ToArray();
        Ub = FreeIndex.Select(j => original.Ub[j]).ToArray();

        (E, EqRhs, EqualityRow, EqualityScale, var eqInfeasible) =
            Reduce(original.E, original.EqRhs.Subtract(original.E.Multiply(xFixed)), isEquality: true);
        (G, IneqRhs, InequalityRow, InequalityScale, var ineqInfeasible) =
            Reduce(original.G, original.IneqRhs.Subtract(original.G.Multiply(xFixed)), isEquality: false);
        ConstantRowInfeasible = eqInfeasible || ineqInfeasible;
    }

    /// <summary>Presolves <paramref name="qp"/>.</summary>
    public static QpPresolve Create(QuadraticProgram qp) => new(qp);

    public QuadraticProgram Original { get; }

    /// <summary>True if a row with no free coefficient contradicts its right-hand side.</summary>
    public bool ConstantRowInfeasible { get; }

    public bool[] IsFixed { get; }
    public double[] FixedValue { get; }

    /// <summary>Original index of each working variable.</summary>
    public int[] FreeIndex { get; }

    public Matrix<double> H { get; }
    public Vector<double> C { get; }
    public double[] Lb { get; }
    public double[] Ub { get; }

    /// <summary>Scaled equality rows (working).</summary>
    public Matrix<double> E { get; }
    public Vector<double> EqRhs { get; }

    /// <summary>Original row index of each working equality row, and the factor it was multiplied by.</summary>
    public int[] EqualityRow { get; }
    public double[] EqualityScale { get; }

    public Matrix<double> G { get; }
    public Vector<double> IneqRhs { get; }
    public int[] InequalityRow { get; }
    public double[] InequalityScale { get; }

    /// <summary>
    /// Maps a working point back: fixed variables at their value, multipliers of dropped rows 0, scaled
    /// multipliers multiplied by their row factor, and the bound multipliers of fixed variables from their
    /// reduced gradient (<c>zLower - zUpper = (Hx + c + E'y + G'z)_j</c>, split by sign).
    /// </summary>
    public (double[] X, double[] Y, double[] Z, double[] ZLower, double[] ZUpper) Postsolve(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, ReadOnlySpan<double> zLower, ReadOnlySpan<double> zUpper)
    {
        var qp = Original;
        var n0 = qp.VariableCount;
        var x0 = (double[])FixedValue.Clone();
        var zl0 = new double[n0];
        var zu0 = new double[n0];
        for (var a = 0; a < FreeIndex.Length; a++)
        {
            x0[FreeIndex[a]] = x[a];
            zl0[FreeIndex[a]] = zLower[a];
            zu0[FreeIndex[a]] = zUpper[a];
        }
        var y0 = new double[qp.EqualityCount];
        for (var r = 0; r < EqualityRow.Length; r++) y0[EqualityRow[r]] = y[r] * EqualityScale[r];
        var z0 = new double[qp.InequalityCount];
        for (var r = 0; r < InequalityRow.Length; r++) z0[InequalityRow[r]] = z[r] * InequalityScale[r];

        if (FreeIndex.Length < n0)
        {
            var gradient = qp.H.Multiply(Vector<double>.Build.Dense(x0)) + qp.C
                + qp.E.TransposeThisAndMultiply(Vector<double>.Build.Dense(y0))
                + qp.G.TransposeThisAndMultiply(Vector<double>.Build.Dense(z0));
            for (var j = 0; j < n0; j++)
            {
                if (!IsFixed[j]) continue;
                zl0[j] = Math.Max(gradient[j], 0.0);
                zu0[j] = Math.Max(-gradient[j], 0.0);
            }
        }
        return (x0, y0, z0, zl0, zu0);
    }

    /// <summary>Largest value of row r over the box of the free variables (+infinity if unbounded).</summary>
    private double RowMaximumOverBox(Matrix<double> rows, int r)
    {
        var sum = 0.0;
        foreach (var j in FreeIndex)
        {
            var a = rows[r, j];
            if (a > 0) sum += a * Original.Ub[j];
            else if (a < 0) sum += a * Original.Lb[j];
        }
        return double.IsNaN(sum) ? double.PositiveInfinity : sum;
    }

    private (Matrix<double> Rows, Vector<double> Rhs, int[] Kept, double[] Scale, bool Infeasible) Reduce(
        Matrix<double> rows, Vector<double> rhs, bool isEquality)
    {
        var kept = new List<int>();
        var scale = new List<double>();
        var infeasible = false;
        for (var r = 0; r < rows.RowCount; r++)
        {
            var largest = 0.0;
            foreach (var j in FreeIndex) largest = Math.Max(largest, Math.Abs(rows[r, j]));
            if (largest > ZeroCoefficient && !(!isEquality && RowMaximumOverBox(rows, r) <= rhs[r]))
            {
                kept.Add(r);
                scale.Add(1.0 / largest);
                continue;
            }
            if (largest > ZeroCoefficient) continue; // an inequality implied by the bounds: z = 0
            // No free variable left in the row: it is a constant that holds or not.
            var slack = 1e-9 * (1.0 + Math.Abs(rhs[r]));
            if (isEquality ? Math.Abs(rhs[r]) > slack : rhs[r] < -slack) infeasible = true;
        }
        var n = FreeIndex.Length;
        var reduced = Matrix<double>.Build.Dense(kept.Count, n, (a, b) => rows[kept[a], FreeIndex[b]] * scale[a]);
        var reducedRhs = Vector<double>.Build.Dense(kept.Count, a => rhs[kept[a]] * scale[a]);
        return (reduced, reducedRhs, kept.ToArray(), scale.ToArray(), infeasible);
    }
}
