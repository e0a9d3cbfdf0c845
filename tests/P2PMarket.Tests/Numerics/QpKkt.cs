using MathNet.Numerics.LinearAlgebra;
using P2PMarket.Clearing.Numerics;

namespace P2PMarket.Tests.Numerics;

/// <summary>
/// Independent KKT check of a <see cref="QpResult"/>: recomputes, from the problem data and the result alone,
/// stationarity, feasibility, multiplier signs and complementarity, each scaled as documented on
/// <see cref="QpResult"/> (rows of E and G divided by their largest coefficient).
/// </summary>
public static class QpKkt
{
    public sealed record Residuals(double Stationarity, double Primal, double Bounds, double Complementarity, double NegativeMultiplier)
    {
        public double Largest => new[] { Stationarity, Primal, Bounds, Complementarity, NegativeMultiplier }.Max();
    }

    public static Residuals Of(QuadraticProgram qp, QpResult result)
    {
        var n = qp.VariableCount;
        var x = Vector<double>.Build.Dense(result.Solution.ToArray());
        var y = Vector<double>.Build.Dense(result.EqualityMultipliers.ToArray());
        var z = Vector<double>.Build.Dense(result.InequalityMultipliers.ToArray());
        var zl = result.LowerBoundMultipliers;
        var zu = result.UpperBoundMultipliers;
        var h = qp.Hessian;
        var c = qp.Linear;
        var e = qp.EqualityMatrix;
        var g = qp.InequalityMatrix;
        var lb = qp.LowerBound;
        var ub = qp.UpperBound;

        var grad = h * x + c + e.TransposeThisAndMultiply(y) + g.TransposeThisAndMultiply(z);
        var stationarity = 0.0;
        for (var j = 0; j < n; j++) stationarity = Math.Max(stationarity, Math.Abs(grad[j] - zl[j] + zu[j]));
        stationarity /= 1 + c.InfinityNorm();

        var objective = 0.5 * (h * x).DotProduct(x) + c.DotProduct(x);
        var primal = 0.0;
        var rhsScale = 0.0;
        var complementarity = 0.0;
        var negative = 0.0;
        var ex = e * x;
        for (var r = 0; r < e.RowCount; r++)
        {
            var scale = 1 / e.Row(r).InfinityNorm();
            primal = Math.Max(primal, Math.Abs(ex[r] - qp.EqualityRhs[r]) * scale);
            rhsScale = Math.Max(rhsScale, Math.Abs(qp.EqualityRhs[r]) * scale);
        }
        var gx = g * x;
        for (var k = 0; k < g.RowCount; k++)
        {
            var scale = 1 / g.Row(k).InfinityNorm();
            primal = Math.Max(primal, Math.Max(0, gx[k] - qp.InequalityRhs[k]) * scale);
            rhsScale = Math.Max(rhsScale, Math.Abs(qp.InequalityRhs[k]) * scale);
            complementarity += Math.Abs(z[k] * (qp.InequalityRhs[k] - gx[k]));
            negative = Math.Max(negative, -z[k]);
        }
        primal /= 1 + rhsScale;
        var bounds = 0.0;
        for (var j = 0; j < n; j++)
        {
            bounds = Math.Max(bounds, Math.Max(lb[j] - x[j], x[j] - ub[j]));
            negative = Math.Max(negative, Math.Max(-zl[j], -zu[j]));
            if (double.IsFinite(lb[j])) complementarity += Math.Abs(zl[j] * (x[j] - lb[j]));
            else negative = Math.Max(negative, Math.Abs(zl[j]));
            if (double.IsFinite(ub[j])) complementarity += Math.Abs(zu[j] * (ub[j] - x[j]));
            else negative = Math.Max(negative, Math.Abs(zu[j]));
        }
        complementarity /= 1 + Math.Abs(objective);
        return new Residuals(stationarity, primal, Math.Max(0, bounds), complementarity, negative);
    }
}
