namespace P2PMarket.Clearing.Numerics;

/// <summary>
/// Primal-dual interior-point method with Mehrotra's predictor-corrector (Mehrotra 1992; Nocedal &amp; Wright,
/// Numerical Optimization, 2nd ed., sec. 16.6) for the convex QP of <see cref="QuadraticProgram"/>, on dense linear
/// algebra (MathNet.Numerics for the data, a row-major SIMD LU for the KKT systems). Inequalities and finite bounds get
/// slack variables, so the start need not be feasible (infeasible-start method). Each iteration factors the augmented
/// KKT system <c>[H + Zl/Sl + Zu/Su, E', G'; E, 0, 0; G, 0, -S/Z]</c> once (LU with partial pivoting, a 1e-10
/// quasi-definite regularization and iterative refinement against the unregularized system) and solves it twice: the affine
/// predictor and the corrector with Mehrotra's second-order term and centering <c>sigma = (mu_aff / mu)^3</c>.
/// One step length is used for primal and dual variables (0.995 of the distance to the boundary).
/// Presolve substitutes fixed variables, drops inequalities implied by the bounds and divides every row by its largest
/// coefficient (<see cref="QpResult"/> reports multipliers in the caller's units). Infeasibility is detected by a Farkas
/// certificate in the diverging multipliers.
/// </summary>
public sealed class InteriorPointQpSolver
{
    private const double StepToBoundary = 0.995;
    private const double Regularization = 1e-10;
    private const double MaxRegularization = 1e-4;
    private const int RefinementSteps = 3;
    private const double FarkasTolerance = 1e-7;
    private const double DivergenceLimit = 1e14;
    private const int MaxExtraIterations = 10;

    /// <summary>Creates a solver.</summary>
    /// <param name="tolerance">Stop when the scaled primal and dual residuals of <see cref="QpResult"/> are at most this
    /// (default 1e-9).</param>
    /// <param name="maxIterations">Iteration cap (default 100; well-posed problems take 10 to 40).</param>
    /// <param name="complementarityTolerance">Target of the scaled complementarity (default: <paramref name="tolerance"/>).
    /// Complementarity is a product: a variable at a near-tie (bound multiplier and distance to the bound both small)
    /// is only resolved to the square root of it, so a caller that checks each variable's optimality directly asks
    /// for a tighter value here; the interior-point method's superlinear end game reaches it in a few more
    /// iterations. If that target is not reached within 10 iterations of meeting <paramref name="tolerance"/> on all three
    /// residuals, or the method fails after that, the last such iterate is returned as converged (its residuals are in
    /// the result).</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive tolerance or iteration limit.</exception>
    public InteriorPointQpSolver(double tolerance = 1e-9, int maxIterations = 100, double? complementarityTolerance = null)
    {
        if (!(double.IsFinite(tolerance) && tolerance > 0))
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "expected a positive finite tolerance");
        if (maxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "expected at least 1 iteration");
        var gap = complementarityTolerance ?? tolerance;
        if (!(double.IsFinite(gap) && gap > 0))
            throw new ArgumentOutOfRangeException(nameof(complementarityTolerance), gap, "expected a positive finite tolerance");
        Tolerance = tolerance;
        MaxIterations = maxIterations;
        ComplementarityTolerance = gap;
    }

    /// <summary>Target of the scaled primal and dual residuals.</summary>
    public double Tolerance { get; }

    /// <summary>Target of the scaled complementarity.</summary>
    public double ComplementarityTolerance { get; }

    /// <summary>Iteration cap.</summary>
    public int MaxIterations { get; }

    /// <summary>Solves <paramref name="problem"/>. Never throws on a hard problem: the exit reason says what happened.</summary>
    public QpResult Solve(QuadraticProgram problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var presolve = QpPresolve.Create(problem);
        var state = new IpmState(presolve);
        if (presolve.ConstantRowInfeasible) return state.Result(QpExitReason.Infeasible, 0);

        QpResult? acceptable = null; // last iterate meeting Tolerance on all residuals, kept while chasing a tighter gap
        var extraIterations = 0;
        for (var iteration = 0; ; iteration++)
        {
            // 1. residuals and the stopping test on the caller's problem
            state.ComputeResiduals();
            var measure = state.Measure();
            if (measure.Primal <= Tolerance && measure.Dual <= Tolerance)
            {
                if (measure.Complementarity <= ComplementarityTolerance) return state.Result(QpExitReason.Converged, iteration);
                if (measure.Complementarity <= Tolerance)
                {
                    acceptable = state.Result(QpExitReason.Converged, iteration);
                    if (++extraIterations > MaxExtraIterations) return acceptable;
                }
            }
            if (!measure.IsFinite || state.Diverged(DivergenceLimit)) return acceptable ?? state.Result(QpExitReason.NumericalFailure, iteration);
            if (state.HasFarkasCertificate(FarkasTolerance)) return state.Result(QpExitReason.Infeasible, iteration);
            if (iteration == MaxIterations) return acceptable ?? state.Result(QpExitReason.IterationLimit, iteration);

            // 2. factor the augmented KKT matrix of this iterate
            if (!state.Factor(Regularization, MaxRegularization)) return acceptable ?? state.Result(QpExitReason.NumericalFailure, iteration);

            // 3. predictor (affine scaling) and Mehrotra's centering
            var mu = state.Mu();
            state.SolveNewton(predictor: true, sigmaMu: 0, RefinementSteps);
            var sigmaMu = 0.0;
            if (state.ComplementarityCount > 0)
            {
                var (alphaPrimal, alphaDual) = state.MaxSteps();
                var muAffine = state.MuAfter(alphaPrimal, alphaDual);
                var sigma = Math.Clamp(Math.Pow(muAffine / mu, 3), 0.0, 1.0);
                sigmaMu = sigma * mu;
            }

            // 4. corrector (second-order term of the predictor, centering), one step length for all variables
            state.SolveNewton(predictor: false, sigmaMu, RefinementSteps);
            if (!state.StepIsFinite()) return acceptable ?? state.Result(QpExitReason.NumericalFailure, iteration);
            var (maxPrimal, maxDual) = state.MaxSteps();
            var alpha = state.ComplementarityCount == 0 ? 1.0 : Math.Min(1.0, StepToBoundary * Math.Min(maxPrimal, maxDual));
            if (alpha < 1e-14)
            {
                if (acceptable is not null) return acceptable;
                return state.Result(state.HasFarkasCertificate(FarkasTolerance) ? QpExitReason.Infeasible : QpExitReason.NumericalFailure, iteration);
            }
            state.Step(alpha);
        }
    }
}
