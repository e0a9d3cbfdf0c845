using P2PMarket.Clearing.Ports;
using P2PMarket.Grid;

namespace P2PMarket.Clearing.Network;

/// <summary>
/// The network operator's step of the DLMP-parametrized ADMM (MODEL.md sec. 7 step 4): a projected dual
/// update of the multipliers of <c>A P &lt;= b</c> on row-normalized rows (so one step fits voltage and flow
/// rows alike), optionally on the extrapolated injections <c>2 P^{k+1} - P^k</c> (Chambolle &amp; Pock 2011),
/// which has the same fixed point. Reports <c>mu</c> in physical units, <c>eta = A^T mu</c> per bus and the
/// dynamic operating envelope headroom per bus (MODEL.md sec. 4). Not thread-safe: one instance per clearing.
/// </summary>
public sealed class NetworkPriceUpdater
{
    private readonly NetworkConstraints constraints;
    private readonly bool extrapolate;
    private readonly int rows;
    private readonly int buses;
    private readonly double[] normalized; // D A, row-major (rows x buses)
    private readonly double[] normalizedBound; // D b
    private readonly double[] muHat; // multipliers of the normalized rows, $/kWh
    private readonly double[] previousInjection;
    private readonly double[] activity;
    private readonly double[] residual;
    private readonly double[] step;
    private readonly double[] gramTimesStep;
    private readonly List<int> candidates = [];
    private readonly Dictionary<long, double> gramCache = [];
    private bool hasPrevious;

    /// <summary>Creates the updater with all multipliers at zero.</summary>
    /// <param name="constraints">The network rows.</param>
    /// <param name="extrapolate">Use <c>2 P^{k+1} - P^k</c> in the dual step (primal-dual hybrid gradient).</param>
    public NetworkPriceUpdater(NetworkConstraints constraints, bool extrapolate = true)
    {
        this.constraints = constraints;
        this.extrapolate = extrapolate;
        rows = constraints.RowCount;
        buses = constraints.BusCount;
        normalized = new double[rows * buses];
        normalizedBound = new double[rows];
        for (var k = 0; k < rows; k++)
        {
            var scale = constraints.RowNorm[k] > 0 ? 1.0 / constraints.RowNorm[k] : 0.0;
            for (var n = 0; n < buses; n++) normalized[k * buses + n] = constraints.Matrix[k, n] * scale;
            normalizedBound[k] = constraints.Bound[k] * scale;
        }
        muHat = new double[rows];
        previousInjection = new double[buses];
        activity = new double[rows];
        residual = new double[rows];
        step = new double[rows];
        gramTimesStep = new double[rows];
        Description = new NetworkDescription(buses, constraints.Labels, EstimateNormSquared());
    }

    /// <summary>Sizes, labels and <c>||D A||^2</c>.</summary>
    public NetworkDescription Description { get; }

    /// <summary>The network rows.</summary>
    public NetworkConstraints Constraints => constraints;

    /// <summary>One dual step for bus injections <paramref name="busInjectionKw"/> (kW) with step
    /// <paramref name="dualStep"/> ($/kW^2); writes prices, multipliers, headroom and residuals.</summary>
    public void Step(ReadOnlySpan<double> busInjectionKw, double dualStep, NetworkStepResult result)
    {
        double violationSquared = 0, maxViolation = 0, activitySquared = 0, changeSquared = 0, muSquared = 0;
        // 1. Row activities D A P and the (extrapolated) residuals D (A P - b).
        for (var k = 0; k < rows; k++)
        {
            var row = normalized.AsSpan(k * buses, buses);
            double current = 0, extrapolated = 0;
            for (var n = 0; n < buses; n++)
            {
                current += row[n] * busInjectionKw[n];
                if (extrapolate && hasPrevious) extrapolated += row[n] * (2 * busInjectionKw[n] - previousInjection[n]);
            }
            if (!(extrapolate && hasPrevious)) extrapolated = current;
            activity[k] = current;
            residual[k] = extrapolated - normalizedBound[k];
            var violation = current - normalizedBound[k];
            if (violation > 0)
            {
                violationSquared += violation * violation;
                maxViolation = Math.Max(maxViolation, violation);
            }
            activitySquared += current * current;
        }

        // 2. Dual step in the metric of the rows' Gram matrix (see PreconditionedStep), then projection on mu >= 0.
        PreconditionedStep(dualStep);
        for (var k = 0; k < rows; k++)
        {
            var updated = muHat[k] + step[k];
            changeSquared += step[k] * step[k];
            muHat[k] = updated;
            muSquared += updated * updated;
            result.Multiplier[k] = constraints.RowNorm[k] > 0 ? updated / constraints.RowNorm[k] : 0.0;
        }
        busInjectionKw.CopyTo(previousInjection);
        hasPrevious = true;

        // eta = A^T mu = (D A)^T muHat; headroom per bus from the slack of every row that the bus moves.
        var price = result.BusPrice;
        Array.Clear(price);
        for (var k = 0; k < rows; k++)
        {
            if (muHat[k] == 0) continue;
            var row = normalized.AsSpan(k * buses, buses);
            for (var n = 0; n < buses; n++) price[n] += row[n] * muHat[k];
        }
        Array.Fill(result.HeadroomUpKw, double.PositiveInfinity);
        Array.Fill(result.HeadroomDownKw, double.NegativeInfinity);
        for (var k = 0; k < rows; k++)
        {
            var slack = normalizedBound[k] - activity[k];
            var row = normalized.AsSpan(k * buses, buses);
            for (var n = 0; n < buses; n++)
            {
                var a = row[n];
                if (a > 0) result.HeadroomUpKw[n] = Math.Min(result.HeadroomUpKw[n], slack / a);
                else if (a < 0) result.HeadroomDownKw[n] = Math.Max(result.HeadroomDownKw[n], slack / a);
            }
        }
        result.ViolationNorm = Math.Sqrt(violationSquared);
        result.MaxViolation = maxViolation;
        result.RowActivityNorm = Math.Sqrt(activitySquared);
        result.MultiplierChangeNorm = Math.Sqrt(changeSquared);
        result.MultiplierNorm = Math.Sqrt(muSquared);
    }

    /// <summary>
    /// The multiplier step <c>d = argmin { 1/2 d' G d - sigma d' r : mu + d &gt;= 0 }</c> with <c>G = (D A)(D A)' + eps I</c>
    /// over the rows that are violated or carry a multiplier (the others stay at zero). This is the dual step of
    /// the primal-dual hybrid gradient method in the metric <c>M = G / sigma</c> (Pock &amp; Chambolle 2011), which
    /// converges whenever <c>M &gt;= K T K'</c>: with a proximal weight tau on each injection that holds for
    /// <c>sigma &lt;= tau / prosumersPerBus</c>. Unlike a scalar step it tells nearly parallel rows apart (the
    /// voltage rows of buses on one lateral), which a step bounded by <c>||D A||^2</c> resolves only slowly.
    /// Solved by projected Gauss-Seidel on the candidate rows.
    /// </summary>
    private void PreconditionedStep(double sigma)
    {
        Array.Clear(step);
        candidates.Clear();
        for (var k = 0; k < rows; k++)
            if (muHat[k] > 0 || residual[k] > 0) candidates.Add(k);
        if (candidates.Count == 0 || sigma <= 0) return;
        foreach (var k in candidates) gramTimesStep[k] = 0;
        const double regularization = 1e-6;
        for (var sweep = 0; sweep < 500; sweep++)
        {
            double largest = 0, scale = 0;
            foreach (var a in candidates)
            {
                var diagonal = Gram(a, a) + regularization;
                var gradient = gramTimesStep[a] + regularization * step[a] - sigma * residual[a];
                var next = Math.Max(-muHat[a], step[a] - gradient / diagonal);
                var delta = next - step[a];
                if (delta == 0) continue;
                step[a] = next;
                foreach (var b in candidates) gramTimesStep[b] += Gram(a, b) * delta;
                largest = Math.Max(largest, Math.Abs(delta));
                scale = Math.Max(scale, Math.Abs(next) + muHat[a]);
            }
            if (largest <= 1e-13 * Math.Max(scale, 1e-300)) break;
        }
        foreach (var k in candidates)
            if (muHat[k] + step[k] < 0) step[k] = -muHat[k];
    }

    private double Gram(int a, int b)
    {
        var key = a < b ? (long)a * rows + b : (long)b * rows + a;
        if (gramCache.TryGetValue(key, out var value)) return value;
        var x = normalized.AsSpan(a * buses, buses);
        var y = normalized.AsSpan(b * buses, buses);
        double dot = 0;
        for (var n = 0; n < buses; n++) dot += x[n] * y[n];
        gramCache[key] = dot;
        return dot;
    }

    private double EstimateNormSquared()
    {
        // Power iteration on (D A)^T (D A); 200 steps bound the estimate well for a safe step.
        var x = new double[buses];
        var y = new double[rows];
        for (var n = 1; n < buses; n++) x[n] = 1.0 / Math.Sqrt(Math.Max(1, buses - 1));
        var estimate = 0.0;
        for (var it = 0; it < 200; it++)
        {
            for (var k = 0; k < rows; k++)
            {
                double s = 0;
                for (var n = 0; n < buses; n++) s += normalized[k * buses + n] * x[n];
                y[k] = s;
            }
            Array.Clear(x);
            for (var k = 0; k < rows; k++)
                for (var n = 0; n < buses; n++) x[n] += normalized[k * buses + n] * y[k];
            var norm = Math.Sqrt(x.Sum(v => v * v));
            if (norm == 0) return 0;
            estimate = norm;
            for (var n = 0; n < buses; n++) x[n] /= norm;
        }
        return estimate;
    }
}
