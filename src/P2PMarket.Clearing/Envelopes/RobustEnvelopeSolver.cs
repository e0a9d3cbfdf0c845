using Google.OrTools.LinearSolver;
using P2PMarket.Grid;
using P2PMarket.Scenarios;

namespace P2PMarket.Clearing.Envelopes;

/// <summary>
/// Robust static operating envelopes (MODEL.md sec. 4): boxes <c>[OEmin_i, OEmax_i]</c> inside each
/// prosumer's physical injection range such that any combination of injections inside them satisfies
/// <c>A P &lt;= b</c>, of largest weighted total width. The LP, solved with GLOP:
/// <code>
/// maximize   sum_i w_i (OEmax_i - OEmin_i)
/// subject to sum_{i: a_ki &gt; 0} a_ki OEmax_i + sum_{i: a_ki &lt; 0} a_ki OEmin_i &lt;= b_k - margin ||A_k||   for every row k
///            pmin_i &lt;= OEmin_i &lt;= OEmax_i &lt;= pmax_i
///            OEmin_i &lt;= z_i &lt;= OEmax_i                      (only if the anchors are feasible, see below)
/// </code>
/// with <c>a_ki = A[k, b(i)]</c>. The worst case of row k over the box is <c>sum_i max(a_ki OEmax_i, a_ki OEmin_i)</c>;
/// since the sign of <c>a_ki</c> is known, the max is the term of that sign and no auxiliary variable is needed.
/// Each row is divided by its norm <c>||A_k||</c> (voltage rows are in p.u.^2 per kW, flow rows in kW per kW),
/// so every row reads in kW of injection and one feasibility tolerance fits all. The right-hand side is
/// tightened by <c>margin</c> kW so that the solver's own feasibility tolerance cannot leave a corner outside.
/// <para>Anchor: <c>z_i</c> is zero injection clamped to the physical range (a prosumer that must import
/// anchors at its smallest import). The anchors are imposed if and only if the anchor point itself satisfies
/// the (tightened) rows, i.e. exactly when some feasible set of boxes contains them: then every prosumer
/// keeps the option of (nearly) not using the grid. Otherwise they are dropped and the envelopes are the
/// widest robust boxes anywhere in the physical ranges (<see cref="RobustEnvelopes.Anchored"/> says which).</para>
/// </summary>
/// <param name="marginKw">Tightening of every row-normalized row, kW of injection (&gt;= 0).</param>
public sealed class RobustEnvelopeSolver(double marginKw = 1e-6)
{
    /// <summary>Tightening of every row-normalized row, kW of injection.</summary>
    public double MarginKw { get; } = marginKw >= 0 && double.IsFinite(marginKw)
        ? marginKw
        : throw new ArgumentOutOfRangeException(nameof(marginKw), $"expected a non-negative finite margin in kW, got {marginKw}");

    /// <summary>Envelopes of every prosumer of <paramref name="scenario"/>, each limited to its
    /// <see cref="InjectionRange"/>.</summary>
    /// <param name="scenario">The market.</param>
    /// <param name="weights">Per prosumer: <c>w_i &gt; 0</c> (dimensionless); null = all 1.</param>
    /// <exception cref="RobustEnvelopeException">No robust boxes exist, or the solver failed.</exception>
    public RobustEnvelopes Solve(Scenario scenario, IReadOnlyList<double>? weights = null)
    {
        var ranges = scenario.Prosumers.Select((p, i) => InjectionRange.Of(p, scenario.Trades, i)).ToArray();
        var buses = scenario.Prosumers.Select(p => p.Bus).ToArray();
        return Solve(scenario.BuildNetworkConstraints(), buses, ranges, weights);
    }

    /// <summary>Envelopes for prosumers at buses <paramref name="prosumerBus"/> with physical ranges
    /// <paramref name="injectionRange"/>.</summary>
    /// <param name="constraints">The network rows <c>A P &lt;= b</c>.</param>
    /// <param name="prosumerBus">Per prosumer: internal bus index <c>b(i)</c>.</param>
    /// <param name="injectionRange">Per prosumer: finite physical range <c>[pmin_i, pmax_i]</c>, kW.</param>
    /// <param name="weights">Per prosumer: <c>w_i &gt; 0</c>; null = all 1.</param>
    /// <exception cref="RobustEnvelopeException">No robust boxes exist, or the solver failed.</exception>
    public RobustEnvelopes Solve(NetworkConstraints constraints, IReadOnlyList<int> prosumerBus,
        IReadOnlyList<OperatingEnvelope> injectionRange, IReadOnlyList<double>? weights = null)
    {
        var count = prosumerBus.Count;
        if (injectionRange.Count != count)
            throw new ArgumentException($"expected {count} injection ranges, one per prosumer, got {injectionRange.Count}", nameof(injectionRange));
        if (weights is not null && weights.Count != count)
            throw new ArgumentException($"expected {count} weights, one per prosumer, got {weights.Count}", nameof(weights));
        for (var i = 0; i < count; i++)
        {
            if (prosumerBus[i] < 0 || prosumerBus[i] >= constraints.BusCount)
                throw new ArgumentException($"prosumer {i}: bus index {prosumerBus[i]} is not a bus of the feeder (0..{constraints.BusCount - 1})", nameof(prosumerBus));
            var r = injectionRange[i];
            if (!(double.IsFinite(r.MinKw) && double.IsFinite(r.MaxKw) && r.MinKw <= r.MaxKw))
                throw new ArgumentException($"prosumer {i}: expected a finite non-empty injection range in kW, got [{r.MinKw}, {r.MaxKw}]", nameof(injectionRange));
            if (weights is not null && !(double.IsFinite(weights[i]) && weights[i] > 0))
                throw new ArgumentException($"prosumer {i}: expected a positive finite weight, got {weights[i]}", nameof(weights));
        }

        // Normalized coefficients a_ki / ||A_k|| and right-hand sides b_k / ||A_k|| - margin.
        var rows = constraints.RowCount;
        var coefficient = new double[rows, count];
        var bound = new double[rows];
        for (var k = 0; k < rows; k++)
        {
            var norm = constraints.RowNorm[k];
            if (norm == 0)
            {
                if (constraints.Bound[k] < 0)
                    throw new RobustEnvelopeException(
                        $"network row '{constraints.Labels[k]}' is violated at every injection (no injection moves it and its bound is {constraints.Bound[k]})");
                bound[k] = double.PositiveInfinity;
                continue;
            }
            for (var i = 0; i < count; i++) coefficient[k, i] = constraints.Matrix[k, prosumerBus[i]] / norm;
            bound[k] = constraints.Bound[k] / norm - MarginKw;
        }

        // A row that no injection inside the ranges can satisfy makes the LP infeasible: name it.
        for (var k = 0; k < rows; k++)
        {
            var least = 0.0;
            for (var i = 0; i < count; i++)
                least += Math.Min(coefficient[k, i] * injectionRange[i].MinKw, coefficient[k, i] * injectionRange[i].MaxKw);
            if (least > bound[k])
                throw new RobustEnvelopeException(
                    $"no robust operating envelopes exist: network row '{constraints.Labels[k]}' is violated by every combination of " +
                    $"injections inside the prosumers' physical ranges (by at least {least - bound[k]:G4} kW of injection)");
        }

        // The anchors are imposed only if the anchor point satisfies every row.
        var anchor = injectionRange.Select(r => r.Clamp(0.0)).ToArray();
        var anchored = true;
        for (var k = 0; k < rows && anchored; k++)
        {
            var activity = 0.0;
            for (var i = 0; i < count; i++) activity += coefficient[k, i] * anchor[i];
            anchored = activity <= bound[k];
        }

        var (envelopes, status, objective) = SolveLp(constraints, coefficient, bound, injectionRange, anchored ? anchor : null, weights);

        var worst = double.NegativeInfinity;
        for (var k = 0; k < rows; k++)
        {
            if (constraints.RowNorm[k] == 0) continue;
            var activity = 0.0;
            for (var i = 0; i < count; i++)
            {
                var a = coefficient[k, i];
                activity += a > 0 ? a * envelopes[i].MaxKw : a * envelopes[i].MinKw;
            }
            worst = Math.Max(worst, activity - constraints.Bound[k] / constraints.RowNorm[k]);
        }
        return new RobustEnvelopes(envelopes, status, anchored, objective, worst);
    }

    private static (OperatingEnvelope[] Envelopes, RobustEnvelopeStatus Status, double Objective) SolveLp(
        NetworkConstraints constraints, double[,] coefficient, double[] bound, IReadOnlyList<OperatingEnvelope> range,
        double[]? anchor, IReadOnlyList<double>? weights)
    {
        var count = range.Count;
        using var solver = Solver.CreateSolver("GLOP")
            ?? throw new RobustEnvelopeException("the GLOP linear solver is not available in this OR-Tools build");
        var lower = new Variable[count];
        var upper = new Variable[count];
        for (var i = 0; i < count; i++)
        {
            // 1. Physical range, and the anchor inside the box when imposed.
            lower[i] = solver.MakeNumVar(range[i].MinKw, anchor?[i] ?? range[i].MaxKw, $"oemin_{i}");
            upper[i] = solver.MakeNumVar(anchor?[i] ?? range[i].MinKw, range[i].MaxKw, $"oemax_{i}");
            var order = solver.MakeConstraint(double.NegativeInfinity, 0.0, $"order_{i}");
            order.SetCoefficient(lower[i], 1.0);
            order.SetCoefficient(upper[i], -1.0);
        }
        // 2. Worst case of every row over the boxes.
        for (var k = 0; k < bound.Length; k++)
        {
            if (double.IsPositiveInfinity(bound[k])) continue;
            var row = solver.MakeConstraint(double.NegativeInfinity, bound[k], constraints.Labels[k]);
            for (var i = 0; i < count; i++)
            {
                var a = coefficient[k, i];
                if (a > 0) row.SetCoefficient(upper[i], a);
                else if (a < 0) row.SetCoefficient(lower[i], a);
            }
        }
        // 3. Widest weighted boxes.
        var objective = solver.Objective();
        for (var i = 0; i < count; i++)
        {
            var w = weights?[i] ?? 1.0;
            objective.SetCoefficient(upper[i], w);
            objective.SetCoefficient(lower[i], -w);
        }
        objective.SetMaximization();

        var result = solver.Solve();
        var status = result switch
        {
            Solver.ResultStatus.OPTIMAL => RobustEnvelopeStatus.Optimal,
            Solver.ResultStatus.FEASIBLE => RobustEnvelopeStatus.Feasible,
            Solver.ResultStatus.INFEASIBLE => throw new RobustEnvelopeException(
                "no robust operating envelopes exist: no injections inside the prosumers' physical ranges satisfy every network row " +
                "(the feeder is infeasible even with every prosumer fixed; check the voltage and branch limits)"),
            Solver.ResultStatus.UNBOUNDED => throw new RobustEnvelopeException("the robust-envelope LP is unbounded (a physical range is not finite)"),
            _ => throw new RobustEnvelopeException($"the GLOP solver failed on the robust-envelope LP (status {result})"),
        };

        // Solver values within its tolerance of the bounds: clamp into the range, keep min <= max.
        var envelopes = new OperatingEnvelope[count];
        var width = 0.0;
        for (var i = 0; i < count; i++)
        {
            var min = range[i].Clamp(lower[i].SolutionValue());
            var max = Math.Max(min, range[i].Clamp(upper[i].SolutionValue()));
            envelopes[i] = new OperatingEnvelope(min, max);
            width += (weights?[i] ?? 1.0) * (max - min);
        }
        return (envelopes, status, width);
    }
}
