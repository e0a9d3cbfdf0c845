namespace P2PMarket.Tests.Prosumers;

/// <summary>Feasible perturbations of a packed local solution (<see cref="LocalOptimality.Pack"/>): every move keeps the
/// balance, the variable bounds and the injection bounds.</summary>
public static class LocalPerturbation
{
    /// <summary>Moves variable <paramref name="a"/> by <paramref name="step"/> and <paramref name="b"/> to keep the
    /// balance, shortened so both stay in their bounds and the injection in its bounds.</summary>
    public static void MovePair(LocalProblem problem, double[] v, int a, int b, double step)
    {
        if (a == b) return;
        var follow = -LocalOptimality.BalanceCoefficient(a) / LocalOptimality.BalanceCoefficient(b);
        step = Clip(problem, v, a, 1, step);
        step = Clip(problem, v, b, follow, step);
        step = ClipInjection(problem, v,
            LocalOptimality.InjectionCoefficient(a) + follow * LocalOptimality.InjectionCoefficient(b), step);
        v[a] += step;
        v[b] += follow * step;
        Snap(problem, v, a);
        Snap(problem, v, b);
    }

    /// <summary>Moves all variables along a random direction projected on the balance hyperplane, shortened to stay in
    /// the box and the injection bounds.</summary>
    public static void MoveAlongRandomDirection(LocalProblem problem, double[] v, double step, Random random)
    {
        var direction = new double[v.Length];
        var along = 0.0;
        for (var i = 0; i < v.Length; i++)
        {
            direction[i] = random.NextDouble() * 2 - 1;
            along += LocalOptimality.BalanceCoefficient(i) * direction[i];
        }
        for (var i = 0; i < v.Length; i++) direction[i] -= along / v.Length * LocalOptimality.BalanceCoefficient(i);
        for (var i = 0; i < v.Length; i++) step = Clip(problem, v, i, direction[i], step);
        var injectionDirection = 0.0;
        for (var i = 0; i < v.Length; i++) injectionDirection += LocalOptimality.InjectionCoefficient(i) * direction[i];
        step = ClipInjection(problem, v, injectionDirection, step);
        for (var i = 0; i < v.Length; i++) v[i] += step * direction[i];
        for (var i = 0; i < v.Length; i++) Snap(problem, v, i);
    }

    private static double Clip(LocalProblem problem, double[] v, int i, double direction, double step)
    {
        var (low, high) = LocalOptimality.Bounds(problem, i);
        var move = direction * step;
        if (v[i] + move > high) return (high - v[i]) / direction;
        if (v[i] + move < low) return (low - v[i]) / direction;
        return step;
    }

    /// <summary>Shortens <paramref name="step"/> so that the injection, moving by <paramref name="direction"/> per unit
    /// step, stays in its bounds (a move that would leave them from a bound becomes no move).</summary>
    private static double ClipInjection(LocalProblem problem, double[] v, double direction, double step)
    {
        if (direction == 0) return step;
        var injection = LocalOptimality.Injection(problem, v);
        var move = direction * step;
        var (low, high) = (problem.Prices.InjectionMinKw, problem.Prices.InjectionMaxKw);
        double clipped = step;
        if (injection + move > high) clipped = (high - injection) / direction;
        else if (injection + move < low) clipped = (low - injection) / direction;
        return Math.Sign(clipped) == Math.Sign(step) ? clipped : 0;
    }

    private static void Snap(LocalProblem problem, double[] v, int i)
    {
        var (low, high) = LocalOptimality.Bounds(problem, i);
        v[i] = Math.Clamp(v[i], low, high);
    }
}
