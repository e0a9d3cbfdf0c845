using MathNet.Numerics.LinearAlgebra;
using P2PMarket.Clearing.Numerics;

namespace P2PMarket.Tests.Numerics;

/// <summary>The interior-point QP solver on small problems with known solutions and on random convex QPs checked by their KKT conditions.</summary>
public class InteriorPointQpSolverTests
{
    private const double Tight = 1e-9;
    private static readonly InteriorPointQpSolver Solver = new(tolerance: 1e-9, maxIterations: 100);

    private static Matrix<double> M(double[,] a) => Matrix<double>.Build.DenseOfArray(a);
    private static Vector<double> V(params double[] a) => Vector<double>.Build.Dense(a);

    private static QpResult SolveAndCheck(QuadraticProgram qp)
    {
        var result = Solver.Solve(qp);
        Assert.Equal(QpExitReason.Converged, result.ExitReason);
        Assert.True(result.PrimalResidual <= Tight && result.DualResidual <= Tight && result.Complementarity <= Tight,
            $"reported residuals {result.PrimalResidual:e2} {result.DualResidual:e2} {result.Complementarity:e2}");
        var kkt = QpKkt.Of(qp, result);
        Assert.True(kkt.Largest <= Tight, $"independent KKT residuals {kkt}");
        return result;
    }

    [Fact]
    public void BoxConstrainedScalarStopsAtTheUpperBound()
    {
        // min (x - 3)^2 over [0, 2]: x = 2, upper-bound multiplier -(2x - 6) = 2.
        var qp = new QuadraticProgram(M(new double[,] { { 2 } }), V(-6), lowerBound: [0.0], upperBound: [2.0]);
        var r = SolveAndCheck(qp);
        Assert.Equal(2.0, r.Solution[0], 1e-9);
        Assert.Equal(2.0, r.UpperBoundMultipliers[0], 1e-8);
        Assert.Equal(0.0, r.LowerBoundMultipliers[0], 1e-8);
        Assert.Equal(-8.0, r.Objective, 1e-9);
    }

    [Fact]
    public void EqualityConstrainedLeastNormPoint()
    {
        // min x1^2 + x2^2 s.t. x1 + x2 = 1: x = (1/2, 1/2); stationarity 2x + y = 0 gives y = -1.
        var qp = new QuadraticProgram(M(new double[,] { { 2, 0 }, { 0, 2 } }), V(0, 0), M(new double[,] { { 1, 1 } }), V(1));
        var r = SolveAndCheck(qp);
        Assert.Equal(0.5, r.Solution[0], 1e-9);
        Assert.Equal(0.5, r.Solution[1], 1e-9);
        Assert.Equal(-1.0, r.EqualityMultipliers[0], 1e-8);
    }

    [Fact]
    public void NocedalWrightExample16_4()
    {
        // Nocedal & Wright (2006), Example 16.4: min (x1 - 1)^2 + (x2 - 2.5)^2 s.t. x1 - 2 x2 + 2 >= 0,
        // -x1 - 2 x2 + 6 >= 0, -x1 + 2 x2 + 2 >= 0, x >= 0. Solution (1.4, 1.7), only the first row active, multiplier 0.8.
        var qp = new QuadraticProgram(
            M(new double[,] { { 2, 0 }, { 0, 2 } }), V(-2, -5),
            inequalityMatrix: M(new double[,] { { -1, 2 }, { 1, 2 }, { 1, -2 } }), inequalityRhs: V(2, 6, 2),
            lowerBound: [0.0, 0.0]);
        var r = SolveAndCheck(qp);
        Assert.Equal(1.4, r.Solution[0], 1e-8);
        Assert.Equal(1.7, r.Solution[1], 1e-8);
        Assert.Equal(0.8, r.InequalityMultipliers[0], 1e-8);
        Assert.Equal(0.0, r.InequalityMultipliers[1], 1e-8);
        Assert.Equal(0.0, r.InequalityMultipliers[2], 1e-8);
        Assert.True(r.Iterations <= 30, $"{r.Iterations} iterations");
    }

    [Fact]
    public void LinearProgramWithZeroHessian()
    {
        // max x1 + x2 s.t. x1 + 2 x2 <= 4, 3 x1 + x2 <= 6, x >= 0: vertex (1.6, 1.2), duals (0.4, 0.2).
        var qp = new QuadraticProgram(
            Matrix<double>.Build.Dense(2, 2), V(-1, -1),
            inequalityMatrix: M(new double[,] { { 1, 2 }, { 3, 1 } }), inequalityRhs: V(4, 6),
            lowerBound: [0.0, 0.0]);
        var r = SolveAndCheck(qp);
        Assert.Equal(1.6, r.Solution[0], 1e-8);
        Assert.Equal(1.2, r.Solution[1], 1e-8);
        Assert.Equal(0.4, r.InequalityMultipliers[0], 1e-8);
        Assert.Equal(0.2, r.InequalityMultipliers[1], 1e-8);
        Assert.Equal(-2.8, r.Objective, 1e-8);
    }

    [Fact]
    public void SingularHessianWithFreeVariables()
    {
        // min 1/2 (x1 - x2)^2 s.t. x1 + x2 = 2, no bounds: H is singular, the solution (1, 1) is unique.
        var qp = new QuadraticProgram(M(new double[,] { { 1, -1 }, { -1, 1 } }), V(0, 0), M(new double[,] { { 1, 1 } }), V(2));
        var r = SolveAndCheck(qp);
        Assert.Equal(1.0, r.Solution[0], 1e-8);
        Assert.Equal(1.0, r.Solution[1], 1e-8);
        Assert.Equal(0.0, r.EqualityMultipliers[0], 1e-8);
    }

    [Fact]
    public void FixedVariableGetsItsMultiplierFromTheReducedGradient()
    {
        // min (x1 - 1)^2 + (x2 - 2)^2 with x2 fixed at 3 and x1 + x2 <= 3.5: x1 = 0.5, z = 1 (from x1),
        // and x2's reduced gradient 2 (3 - 2) + z = 3 = zLower - zUpper.
        var qp = new QuadraticProgram(
            M(new double[,] { { 2, 0 }, { 0, 2 } }), V(-2, -4),
            inequalityMatrix: M(new double[,] { { 1, 1 } }), inequalityRhs: V(3.5),
            lowerBound: [double.NegativeInfinity, 3.0], upperBound: [double.PositiveInfinity, 3.0]);
        var r = SolveAndCheck(qp);
        Assert.Equal(0.5, r.Solution[0], 1e-8);
        Assert.Equal(3.0, r.Solution[1]);
        Assert.Equal(1.0, r.InequalityMultipliers[0], 1e-8);
        Assert.Equal(3.0, r.LowerBoundMultipliers[1], 1e-8);
        Assert.Equal(0.0, r.UpperBoundMultipliers[1]);
    }

    [Fact]
    public void InequalityImpliedByTheBoundsGetsAZeroMultiplier()
    {
        // max x1 + x2 over [0, 1]^2 with x1 + x2 <= 3 (never active): x = (1, 1), the bounds carry the multipliers.
        var qp = new QuadraticProgram(Matrix<double>.Build.Dense(2, 2), V(-1, -1),
            inequalityMatrix: M(new double[,] { { 1, 1 } }), inequalityRhs: V(3), lowerBound: [0.0, 0.0], upperBound: [1.0, 1.0]);
        var r = SolveAndCheck(qp);
        Assert.Equal(1.0, r.Solution[0], 1e-8);
        Assert.Equal(0.0, r.InequalityMultipliers[0]);
        Assert.Equal(1.0, r.UpperBoundMultipliers[0], 1e-8);
    }

    [Fact]
    public void TighterComplementarityResolvesANearTie()
    {
        // min 1e-6 x over [0, 10]: the lower-bound multiplier is 1e-6, so a complementarity x z of 1e-9 allows x up to
        // 1e-3; a target of 1e-18 brings x to within 1e-9 of its bound.
        var qp = new QuadraticProgram(Matrix<double>.Build.Dense(1, 1), V(1e-6), lowerBound: [0.0], upperBound: [10.0]);
        var loose = Solver.Solve(qp);
        var tight = new InteriorPointQpSolver(1e-9, 100, complementarityTolerance: 1e-18).Solve(qp);
        Assert.Equal(QpExitReason.Converged, tight.ExitReason);
        Assert.True(tight.Solution[0] <= 1e-9, $"x = {tight.Solution[0]}");
        Assert.True(tight.Complementarity <= 1e-18);
        Assert.True(tight.Iterations >= loose.Iterations);
    }

    [Fact]
    public void BoundAgainstInequalityIsInfeasible()
    {
        // x >= 1 and x <= 0.
        var qp = new QuadraticProgram(M(new double[,] { { 1 } }), V(0),
            inequalityMatrix: M(new double[,] { { 1 } }), inequalityRhs: V(0), lowerBound: [1.0]);
        Assert.Equal(QpExitReason.Infeasible, Solver.Solve(qp).ExitReason);
    }

    [Fact]
    public void EqualityOutsideTheBoxIsInfeasible()
    {
        // x1 + x2 = 3 with x in [0, 1]^2.
        var qp = new QuadraticProgram(M(new double[,] { { 1, 0 }, { 0, 1 } }), V(0, 0),
            M(new double[,] { { 1, 1 } }), V(3), lowerBound: [0.0, 0.0], upperBound: [1.0, 1.0]);
        Assert.Equal(QpExitReason.Infeasible, Solver.Solve(qp).ExitReason);
    }

    [Fact]
    public void ConstantRowThatFailsIsInfeasibleAtPresolve()
    {
        // x2 fixed at 2 and the row x2 <= 1 has no free coefficient left.
        var qp = new QuadraticProgram(M(new double[,] { { 1, 0 }, { 0, 1 } }), V(0, 0),
            inequalityMatrix: M(new double[,] { { 0, 1 } }), inequalityRhs: V(1),
            lowerBound: [0.0, 2.0], upperBound: [1.0, 2.0]);
        var r = Solver.Solve(qp);
        Assert.Equal(QpExitReason.Infeasible, r.ExitReason);
        Assert.Equal(0, r.Iterations);
    }

    [Fact]
    public void IterationLimitIsReported()
    {
        var qp = new QuadraticProgram(
            M(new double[,] { { 2, 0 }, { 0, 2 } }), V(-2, -5),
            inequalityMatrix: M(new double[,] { { -1, 2 }, { 1, 2 }, { 1, -2 } }), inequalityRhs: V(2, 6, 2),
            lowerBound: [0.0, 0.0]);
        var r = new InteriorPointQpSolver(1e-9, maxIterations: 2).Solve(qp);
        Assert.Equal(QpExitReason.IterationLimit, r.ExitReason);
        Assert.Equal(2, r.Iterations);
    }

    [Fact]
    public void RejectsAnAsymmetricHessian() =>
        Assert.Throws<ArgumentException>(() => new QuadraticProgram(M(new double[,] { { 1, 1 }, { 0, 1 } }), V(0, 0)));

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)]
    [InlineData(6)] [InlineData(7)] [InlineData(8)] [InlineData(9)] [InlineData(10)]
    public void RandomConvexQpSatisfiesKkt(int seed)
    {
        var qp = RandomFeasibleQp(new Random(seed));
        var r = SolveAndCheck(qp);
        Assert.True(r.Iterations <= 50, $"{r.Iterations} iterations");
    }

    /// <summary>
    /// A random feasible, bounded convex QP: H = B B' (rank-deficient in odd seeds, then every variable gets a
    /// finite box so the objective stays bounded), equalities and inequalities through a point x0 inside the
    /// bounds (some inequalities exactly tight at x0, some variables fixed), bounds a mix of finite and infinite.
    /// </summary>
    internal static QuadraticProgram RandomFeasibleQp(Random rng)
    {
        var n = rng.Next(5, 41);
        var singular = rng.Next(2) == 1;
        var rank = singular ? rng.Next(1, n) : n;
        var b = Matrix<double>.Build.Dense(n, rank, (_, _) => rng.NextDouble() * 2 - 1);
        var h = b * b.Transpose();
        var c = Vector<double>.Build.Dense(n, _ => rng.NextDouble() * 4 - 2);
        var lb = new double[n];
        var ub = new double[n];
        var x0 = new double[n];
        for (var j = 0; j < n; j++)
        {
            var kind = singular ? rng.Next(3) : rng.Next(6);
            lb[j] = kind is 0 or 3 or 4 ? double.NegativeInfinity : -rng.NextDouble() * 5;
            ub[j] = kind is 1 or 3 or 5 ? double.PositiveInfinity : rng.NextDouble() * 5;
            if (singular) { lb[j] = -1 - rng.NextDouble() * 5; ub[j] = 1 + rng.NextDouble() * 5; }
            if (rng.Next(10) == 0 && double.IsFinite(lb[j])) ub[j] = lb[j];
            var lo = double.IsFinite(lb[j]) ? lb[j] : -3;
            var hi = double.IsFinite(ub[j]) ? ub[j] : 3;
            x0[j] = lo + rng.NextDouble() * (hi - lo);
        }
        var x = Vector<double>.Build.Dense(x0);
        var me = rng.Next(0, n / 3 + 1);
        var e = Matrix<double>.Build.Dense(me, n, (_, _) => rng.NextDouble() * 2 - 1);
        var mi = rng.Next(0, n + 1);
        var g = Matrix<double>.Build.Dense(mi, n, (_, _) => rng.NextDouble() * 2 - 1);
        var slack = Vector<double>.Build.Dense(mi, _ => rng.Next(4) == 0 ? 0.0 : rng.NextDouble());
        return new QuadraticProgram(h, c, e, e * x, g, g * x + slack, lb, ub);
    }
}
