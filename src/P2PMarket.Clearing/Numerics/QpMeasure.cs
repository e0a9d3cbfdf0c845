using MathNet.Numerics.LinearAlgebra;

namespace P2PMarket.Clearing.Numerics;

/// <summary>
/// Scaled KKT residuals of a candidate point of a <see cref="QuadraticProgram"/>, as reported in
/// <see cref="QpResult"/> and used as the stopping test. Rows of E and G are divided by their largest
/// coefficient so that rows in different units compare.
/// </summary>
/// <param name="Primal">Largest scaled violation of <c>E x = e</c> and <c>G x &lt;= h</c> over <c>1 + ||scaled rhs||_inf</c>.</param>
/// <param name="Dual">Stationarity <c>||Hx + c + E'y + G'z - zLower + zUpper||_inf / (1 + ||c||_inf)</c>.</param>
/// <param name="Complementarity"><c>(sum z_k |h - Gx|_k + sum zLower (x - lb) + sum zUpper (ub - x)) / (1 + |objective|)</c>.</param>
/// <param name="Objective"><c>1/2 x'Hx + c'x</c>.</param>
internal readonly record struct QpMeasure(double Primal, double Dual, double Complementarity, double Objective)
{
    public bool IsFinite => double.IsFinite(Primal) && double.IsFinite(Dual) && double.IsFinite(Complementarity);

    public static QpMeasure Of(QuadraticProgram qp, double[] x, double[] y, double[] z, double[] zLower, double[] zUpper)
    {
        var xv = Vector<double>.Build.Dense(x);
        var hx = qp.H.Multiply(xv);
        var objective = 0.5 * hx.DotProduct(xv) + qp.C.DotProduct(xv);

        var violation = 0.0;
        var rhsScale = 0.0;
        var ex = qp.E.Multiply(xv);
        for (var r = 0; r < qp.EqualityCount; r++)
        {
            var scale = RowScale(qp.E, r);
            violation = Math.Max(violation, Math.Abs(ex[r] - qp.EqRhs[r]) * scale);
            rhsScale = Math.Max(rhsScale, Math.Abs(qp.EqRhs[r]) * scale);
        }
        var gx = qp.G.Multiply(xv);
        var complementarity = 0.0;
        for (var k = 0; k < qp.InequalityCount; k++)
        {
            var scale = RowScale(qp.G, k);
            violation = Math.Max(violation, Math.Max(0.0, gx[k] - qp.IneqRhs[k]) * scale);
            rhsScale = Math.Max(rhsScale, Math.Abs(qp.IneqRhs[k]) * scale);
            complementarity += z[k] * Math.Abs(qp.IneqRhs[k] - gx[k]);
        }

        var stationarity = hx + qp.C + qp.E.TransposeThisAndMultiply(Vector<double>.Build.Dense(y))
            + qp.G.TransposeThisAndMultiply(Vector<double>.Build.Dense(z));
        var dual = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            dual = Math.Max(dual, Math.Abs(stationarity[j] - zLower[j] + zUpper[j]));
            if (double.IsFinite(qp.Lb[j])) complementarity += zLower[j] * Math.Abs(x[j] - qp.Lb[j]);
            if (double.IsFinite(qp.Ub[j])) complementarity += zUpper[j] * Math.Abs(qp.Ub[j] - x[j]);
        }
        return new QpMeasure(
            violation / (1.0 + rhsScale),
            dual / (1.0 + qp.C.InfinityNorm()),
            complementarity / (1.0 + Math.Abs(objective)),
            objective);
    }

    private static double RowScale(Matrix<double> rows, int r)
    {
        var largest = 0.0;
        for (var j = 0; j < rows.ColumnCount; j++) largest = Math.Max(largest, Math.Abs(rows[r, j]));
        return largest > 0 ? 1.0 / largest : 1.0;
    }
}
