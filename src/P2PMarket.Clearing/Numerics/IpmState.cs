using MathNet.Numerics.LinearAlgebra;

namespace P2PMarket.Clearing.Numerics;

/// <summary>
/// Iterate, residuals and Newton system of <see cref="InteriorPointQpSolver"/> on the presolved (working) problem
/// <c>min 1/2 x'Hx + c'x</c>, <c>E x = e</c>, <c>G x + s = h</c>, <c>x - sl = lb</c>, <c>x + su = ub</c>,
/// <c>s, sl, su, z, zl, zu &gt;= 0</c>, with the residuals
/// <c>rd = Hx + c + E'y + G'z - zl + zu</c>, <c>re = Ex - e</c>, <c>rg = Gx + s - h</c>, <c>rl = x - sl - lb</c>,
/// <c>ru = x + su - ub</c> and complementarity <c>s z, sl zl, su zu</c>. Slack and multiplier entries of an
/// infinite bound stay 0 and are ignored.
/// </summary>
internal sealed class IpmState
{
    private readonly QpPresolve pre;
    private readonly int n, me, mi;
    private readonly bool[] hasLower, hasUpper;
    private readonly Matrix<double> h, e, g;
    private readonly double[] c, eqRhs, ineqRhs, lb, ub;

    // iterate
    private readonly double[] x, y, s, z, sl, zl, su, zu;

    // residuals
    private readonly double[] rd, re, rg, rl, ru;

    // Newton direction (the affine predictor is kept for the corrector's second-order term)
    private readonly double[] dx, dy, ds, dz, dsl, dzl, dsu, dzu;
    private readonly double[] dsAff, dzAff, dslAff, dzlAff, dsuAff, dzuAff;

    // augmented KKT system: constant part, iterate-dependent diagonal, factorization workspace
    private readonly int size;
    private readonly double[] kktTemplate;
    private readonly double[] kktDiagonal;
    private readonly DenseLu lu;
    private double regularization;

    public IpmState(QpPresolve presolve)
    {
        pre = presolve;
        h = pre.H;
        e = pre.E;
        g = pre.G;
        n = h.RowCount;
        me = e.RowCount;
        mi = g.RowCount;
        c = pre.C.ToArray();
        eqRhs = pre.EqRhs.ToArray();
        ineqRhs = pre.IneqRhs.ToArray();
        lb = pre.Lb;
        ub = pre.Ub;
        hasLower = lb.Select(double.IsFinite).ToArray();
        hasUpper = ub.Select(double.IsFinite).ToArray();
        ComplementarityCount = mi + hasLower.Count(b => b) + hasUpper.Count(b => b);

        x = new double[n]; y = new double[me]; s = new double[mi]; z = new double[mi];
        sl = new double[n]; zl = new double[n]; su = new double[n]; zu = new double[n];
        rd = new double[n]; re = new double[me]; rg = new double[mi]; rl = new double[n]; ru = new double[n];
        dx = new double[n]; dy = new double[me]; ds = new double[mi]; dz = new double[mi];
        dsl = new double[n]; dzl = new double[n]; dsu = new double[n]; dzu = new double[n];
        dsAff = new double[mi]; dzAff = new double[mi];
        dslAff = new double[n]; dzlAff = new double[n]; dsuAff = new double[n]; dzuAff = new double[n];
        size = n + me + mi;
        kktTemplate = BuildTemplate(h, e, g);
        kktDiagonal = new double[size];
        lu = new DenseLu(size);
        InitialPoint();
    }

    /// <summary>Number of complementarity pairs (inequality rows plus finite bounds).</summary>
    public int ComplementarityCount { get; }

    /// <summary>
    /// Start: x in the middle of a finite box, one unit inside a one-sided bound, 0 if free; every slack at
    /// least 1 and every multiplier 1 (rows are scaled to unit largest coefficient, so 1 is the natural size).
    /// </summary>
    private void InitialPoint()
    {
        for (var j = 0; j < n; j++)
        {
            x[j] = (hasLower[j], hasUpper[j]) switch
            {
                (true, true) => 0.5 * (lb[j] + ub[j]),
                (true, false) => Math.Max(0.0, lb[j] + 1.0),
                (false, true) => Math.Min(0.0, ub[j] - 1.0),
                _ => 0.0,
            };
            if (hasLower[j]) { sl[j] = Math.Max(x[j] - lb[j], 1.0); zl[j] = 1.0; }
            if (hasUpper[j]) { su[j] = Math.Max(ub[j] - x[j], 1.0); zu[j] = 1.0; }
        }
        var gx = g.Multiply(Vector<double>.Build.Dense(x));
        for (var k = 0; k < mi; k++)
        {
            s[k] = Math.Max(ineqRhs[k] - gx[k], 1.0);
            z[k] = 1.0;
        }
    }

    public void ComputeResiduals()
    {
        var xv = Vector<double>.Build.Dense(x);
        var grad = h.Multiply(xv) + e.TransposeThisAndMultiply(Vector<double>.Build.Dense(y))
            + g.TransposeThisAndMultiply(Vector<double>.Build.Dense(z));
        for (var j = 0; j < n; j++) rd[j] = grad[j] + c[j] - zl[j] + zu[j];
        var ex = e.Multiply(xv);
        for (var r = 0; r < me; r++) re[r] = ex[r] - eqRhs[r];
        var gx = g.Multiply(xv);
        for (var k = 0; k < mi; k++) rg[k] = gx[k] + s[k] - ineqRhs[k];
        for (var j = 0; j < n; j++)
        {
            rl[j] = hasLower[j] ? x[j] - sl[j] - lb[j] : 0.0;
            ru[j] = hasUpper[j] ? x[j] + su[j] - ub[j] : 0.0;
        }
    }

    /// <summary>Average complementarity <c>(s'z + sl'zl + su'zu) / count</c>.</summary>
    public double Mu() => ComplementarityCount == 0 ? 0.0 : ComplementarityProduct(0, 0, useDirection: false) / ComplementarityCount;

    /// <summary>Average complementarity after primal step <paramref name="alphaPrimal"/> and dual step <paramref name="alphaDual"/> along the current direction.</summary>
    public double MuAfter(double alphaPrimal, double alphaDual) =>
        ComplementarityProduct(alphaPrimal, alphaDual, useDirection: true) / ComplementarityCount;

    private double ComplementarityProduct(double alphaPrimal, double alphaDual, bool useDirection)
    {
        var sum = 0.0;
        var ap = useDirection ? alphaPrimal : 0.0;
        var ad = useDirection ? alphaDual : 0.0;
        for (var k = 0; k < mi; k++) sum += (s[k] + ap * ds[k]) * (z[k] + ad * dz[k]);
        for (var j = 0; j < n; j++)
        {
            if (hasLower[j]) sum += (sl[j] + ap * dsl[j]) * (zl[j] + ad * dzl[j]);
            if (hasUpper[j]) sum += (su[j] + ap * dsu[j]) * (zu[j] + ad * dzu[j]);
        }
        return sum;
    }

    /// <summary>
    /// Builds and factors the augmented system
    /// <c>K = [H + Zl/Sl + Zu/Su + delta I, E', G'; E, -delta I, 0; G, 0, -S/Z - delta I]</c>. Keeping the inequality rows
    /// (rather than forming <c>G'(Z/S)G</c>) leaves the large ratios <c>z/s</c> of active rows as small pivots
    /// <c>s/z</c>, which partial pivoting handles without losing the other rows. Only the diagonal changes between
    /// iterations, so the rest is copied from a template built once. The regularization delta grows (to at most
    /// <paramref name="maxRegularization"/>) until the factorization succeeds.
    /// </summary>
    /// <returns>False if no regularization gives a usable factorization.</returns>
    public bool Factor(double initialRegularization, double maxRegularization)
    {
        for (var j = 0; j < n; j++)
            kktDiagonal[j] = (hasLower[j] ? zl[j] / sl[j] : 0.0) + (hasUpper[j] ? zu[j] / su[j] : 0.0);
        for (var k = 0; k < mi; k++) kktDiagonal[n + me + k] = -s[k] / z[k];
        for (var delta = initialRegularization; delta <= maxRegularization; delta *= 100)
        {
            var matrix = lu.Matrix;
            kktTemplate.CopyTo(matrix);
            for (var i = 0; i < size; i++) matrix[i * size + i] += kktDiagonal[i] + (i < n ? delta : -delta);
            if (lu.Factor())
            {
                regularization = delta;
                return true;
            }
        }
        return false;
    }

    /// <summary>Row-major template of the augmented matrix without the iterate-dependent diagonal: H, E', G', E, G.</summary>
    private static double[] BuildTemplate(Matrix<double> h, Matrix<double> e, Matrix<double> g)
    {
        var n = h.RowCount;
        var me = e.RowCount;
        var size = n + me + g.RowCount;
        var t = new double[size * size];
        var hArray = h.ToArray();
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++) t[i * size + j] = hArray[i, j];
        var eArray = e.ToArray();
        for (var r = 0; r < me; r++)
        for (var j = 0; j < n; j++)
        {
            t[(n + r) * size + j] = eArray[r, j];
            t[j * size + n + r] = eArray[r, j];
        }
        var gArray = g.ToArray();
        for (var k = 0; k < g.RowCount; k++)
        for (var j = 0; j < n; j++)
        {
            t[(n + me + k) * size + j] = gArray[k, j];
            t[j * size + n + me + k] = gArray[k, j];
        }
        return t;
    }

    /// <summary>
    /// Solves the Newton system for the complementarity target: the predictor aims at <c>s z = 0</c>; the
    /// corrector at <c>s z + ds_aff dz_aff = sigmaMu</c> (per pair, likewise for bounds). The bound slacks and
    /// multipliers are eliminated; <c>ds = -rg - G dx</c>.
    /// </summary>
    public void SolveNewton(bool predictor, double sigmaMu, int refinementSteps)
    {
        var rsz = new double[mi];
        var rlz = new double[n];
        var ruz = new double[n];
        for (var k = 0; k < mi; k++)
            rsz[k] = s[k] * z[k] + (predictor ? 0.0 : dsAff[k] * dzAff[k] - sigmaMu);
        for (var j = 0; j < n; j++)
        {
            if (hasLower[j]) rlz[j] = sl[j] * zl[j] + (predictor ? 0.0 : dslAff[j] * dzlAff[j] - sigmaMu);
            if (hasUpper[j]) ruz[j] = su[j] * zu[j] + (predictor ? 0.0 : dsuAff[j] * dzuAff[j] - sigmaMu);
        }

        // Right-hand side of the augmented system after eliminating dsl, dzl, dsu, dzu and ds
        var rhs = new double[size];
        for (var j = 0; j < n; j++)
        {
            var v = -rd[j];
            if (hasLower[j]) v -= (zl[j] * rl[j] + rlz[j]) / sl[j];
            if (hasUpper[j]) v -= (zu[j] * ru[j] - ruz[j]) / su[j];
            rhs[j] = v;
        }
        for (var r = 0; r < me; r++) rhs[n + r] = -re[r];
        for (var k = 0; k < mi; k++) rhs[n + me + k] = -rg[k] + rsz[k] / z[k];

        var solution = new double[size];
        var residual = new double[size];
        var correction = new double[size];
        lu.Solve(rhs, solution);
        for (var step = 0; step < refinementSteps; step++)
        {
            // iterative refinement against the unregularized matrix
            DenseKernels.Multiply(kktTemplate, size, size, solution, residual);
            var largest = 0.0;
            for (var i = 0; i < size; i++)
            {
                residual[i] = rhs[i] - residual[i] - kktDiagonal[i] * solution[i];
                largest = Math.Max(largest, Math.Abs(residual[i]));
            }
            if (largest == 0.0) break;
            lu.Solve(residual, correction);
            for (var i = 0; i < size; i++) solution[i] += correction[i];
        }
        for (var j = 0; j < n; j++) dx[j] = solution[j];
        for (var r = 0; r < me; r++) dy[r] = solution[n + r];
        for (var k = 0; k < mi; k++) dz[k] = solution[n + me + k];

        var gdx = mi > 0 ? g.Multiply(Vector<double>.Build.Dense(dx)) : Vector<double>.Build.Dense(0);
        for (var k = 0; k < mi; k++)
        {
            ds[k] = -rg[k] - gdx[k];
        }
        for (var j = 0; j < n; j++)
        {
            if (hasLower[j])
            {
                dsl[j] = dx[j] + rl[j];
                dzl[j] = (-rlz[j] - zl[j] * dsl[j]) / sl[j];
            }
            if (hasUpper[j])
            {
                dsu[j] = -ru[j] - dx[j];
                dzu[j] = (-ruz[j] - zu[j] * dsu[j]) / su[j];
            }
        }
        if (predictor)
        {
            Array.Copy(ds, dsAff, mi); Array.Copy(dz, dzAff, mi);
            Array.Copy(dsl, dslAff, n); Array.Copy(dzl, dzlAff, n);
            Array.Copy(dsu, dsuAff, n); Array.Copy(dzu, dzuAff, n);
        }
    }

    public bool StepIsFinite() =>
        dx.All(double.IsFinite) && dy.All(double.IsFinite) && ds.All(double.IsFinite) && dz.All(double.IsFinite)
        && dsl.All(double.IsFinite) && dzl.All(double.IsFinite) && dsu.All(double.IsFinite) && dzu.All(double.IsFinite);

    /// <summary>Largest steps (capped at 1) that keep the primal slacks and the multipliers non-negative.</summary>
    public (double Primal, double Dual) MaxSteps()
    {
        var primal = 1.0;
        var dual = 1.0;
        for (var k = 0; k < mi; k++)
        {
            if (ds[k] < 0) primal = Math.Min(primal, -s[k] / ds[k]);
            if (dz[k] < 0) dual = Math.Min(dual, -z[k] / dz[k]);
        }
        for (var j = 0; j < n; j++)
        {
            if (hasLower[j])
            {
                if (dsl[j] < 0) primal = Math.Min(primal, -sl[j] / dsl[j]);
                if (dzl[j] < 0) dual = Math.Min(dual, -zl[j] / dzl[j]);
            }
            if (hasUpper[j])
            {
                if (dsu[j] < 0) primal = Math.Min(primal, -su[j] / dsu[j]);
                if (dzu[j] < 0) dual = Math.Min(dual, -zu[j] / dzu[j]);
            }
        }
        return (primal, dual);
    }

    public void Step(double alpha)
    {
        for (var j = 0; j < n; j++)
        {
            x[j] += alpha * dx[j];
            if (hasLower[j]) { sl[j] += alpha * dsl[j]; zl[j] += alpha * dzl[j]; }
            if (hasUpper[j]) { su[j] += alpha * dsu[j]; zu[j] += alpha * dzu[j]; }
        }
        for (var r = 0; r < me; r++) y[r] += alpha * dy[r];
        for (var k = 0; k < mi; k++) { s[k] += alpha * ds[k]; z[k] += alpha * dz[k]; }
    }

    public bool Diverged(double limit) => x.Any(v => Math.Abs(v) > limit);

    /// <summary>
    /// Farkas test on the normalized multipliers <c>w = (y, z, zl, zu) / ||w||_inf</c>: the constraints are
    /// infeasible if <c>E'y + G'z - zl + zu = 0</c> and <c>e'y + h'z - lb'zl + ub'zu &lt; 0</c> (then every feasible x
    /// would give <c>0 = x'(E'y + G'z - zl + zu) &lt;= e'y + h'z - lb'zl + ub'zu &lt; 0</c>). Checked only once the
    /// multipliers have grown far beyond the cost data, as they do on an infeasible problem.
    /// </summary>
    public bool HasFarkasCertificate(double tolerance)
    {
        var size = 0.0;
        foreach (var v in y) size = Math.Max(size, Math.Abs(v));
        foreach (var v in z) size = Math.Max(size, v);
        for (var j = 0; j < n; j++) size = Math.Max(size, Math.Max(zl[j], zu[j]));
        var costScale = 1.0;
        foreach (var v in c) costScale = Math.Max(costScale, Math.Abs(v));
        if (size < 1e6 * costScale) return false;

        var ray = e.TransposeThisAndMultiply(Vector<double>.Build.Dense(y)) + g.TransposeThisAndMultiply(Vector<double>.Build.Dense(z));
        var value = 0.0;
        var rhsScale = 1.0;
        for (var r = 0; r < me; r++) { value += eqRhs[r] * y[r]; rhsScale = Math.Max(rhsScale, Math.Abs(eqRhs[r])); }
        for (var k = 0; k < mi; k++) { value += ineqRhs[k] * z[k]; rhsScale = Math.Max(rhsScale, Math.Abs(ineqRhs[k])); }
        for (var j = 0; j < n; j++)
        {
            ray[j] += zu[j] - zl[j];
            if (hasLower[j]) { value -= lb[j] * zl[j]; rhsScale = Math.Max(rhsScale, Math.Abs(lb[j])); }
            if (hasUpper[j]) { value += ub[j] * zu[j]; rhsScale = Math.Max(rhsScale, Math.Abs(ub[j])); }
        }
        return ray.InfinityNorm() / size <= tolerance && value / size < -tolerance * rhsScale;
    }

    /// <summary>The current iterate mapped to the caller's problem, with x clamped into its bounds.</summary>
    private (double[] X, double[] Y, double[] Z, double[] ZLower, double[] ZUpper) Original()
    {
        var clamped = new double[n];
        for (var j = 0; j < n; j++) clamped[j] = Math.Clamp(x[j], lb[j], ub[j]);
        return pre.Postsolve(clamped, y, z, zl, zu);
    }

    public QpMeasure Measure()
    {
        var (xo, yo, zo, zlo, zuo) = Original();
        return QpMeasure.Of(pre.Original, xo, yo, zo, zlo, zuo);
    }

    public QpResult Result(QpExitReason reason, int iterations)
    {
        var (xo, yo, zo, zlo, zuo) = Original();
        var m = QpMeasure.Of(pre.Original, xo, yo, zo, zlo, zuo);
        return new QpResult(reason, Array.AsReadOnly(xo), Array.AsReadOnly(yo), Array.AsReadOnly(zo),
            Array.AsReadOnly(zlo), Array.AsReadOnly(zuo), m.Objective, iterations, m.Primal, m.Dual, m.Complementarity);
    }

    /// <summary>Regularization used by the last factorization.</summary>
    public double LastRegularization => regularization;
}
