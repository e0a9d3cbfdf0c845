using P2PMarket.Clearing.Ports;
using P2PMarket.Grid;

namespace P2PMarket.Clearing.Network;

/// <summary>
/// The network operator's step of the DLMP-parametrized ADMM (MODEL.md sec. 7 step 4): a projected dual
/// update of the multipliers of <c>A P &lt;= b</c> on row-normalized rows (so one step fits voltage and flow
/// rows alike), optionally on the extrapolated injections <c>2 P^{k+1} - P^k</c> (Chambolle &amp; Pock 2011),
/// which has the same fixed point. Reports <c>mu</c> in physical units, <c>eta = A^T mu</c> per bus and, on request, the
/// dynamic operating envelope headroom per bus (MODEL.md sec. 4). On the LinDistFlow rows every product is a tree sweep
/// in O(buses) (<see cref="TreeSweepNormalizedRows"/>); other rows are dense. Not thread-safe: one instance per clearing.
/// </summary>
public sealed class NetworkPriceUpdater
{
    private readonly NetworkConstraints constraints;
    private readonly NormalizedNetworkRows normalized; // D A
    private readonly bool extrapolate;
    private readonly int rows;
    private readonly int buses;
    private readonly double[] muHat; // multipliers of the normalized rows, $/kWh
    private readonly double[] previousInjection;
    private readonly double[] extrapolatedInjection;
    private readonly double[] activity;
    private readonly double[] extrapolatedActivity;
    private readonly double[] residual;
    private readonly double[] slack;
    private readonly double[] step;
    private readonly double[] gramTimesStep;
    private readonly List<int> candidates = [];
    private double[] candidateGram = [];
    private bool hasPrevious;

    /// <summary>Creates the updater with all multipliers at zero.</summary>
    /// <param name="constraints">The network rows.</param>
    /// <param name="extrapolate">Use <c>2 P^{k+1} - P^k</c> in the dual step (primal-dual hybrid gradient).</param>
    public NetworkPriceUpdater(NetworkConstraints constraints, bool extrapolate = true)
        : this(NormalizedNetworkRows.For(constraints), extrapolate)
    {
    }

    /// <summary>Creates the updater on given normalized rows (e.g. <see cref="DenseNormalizedRows"/> to force dense products).</summary>
    /// <param name="rows">The row-normalized network rows.</param>
    /// <param name="extrapolate">Use <c>2 P^{k+1} - P^k</c> in the dual step (primal-dual hybrid gradient).</param>
    public NetworkPriceUpdater(NormalizedNetworkRows rows, bool extrapolate = true)
    {
        normalized = rows;
        constraints = rows.Constraints;
        this.extrapolate = extrapolate;
        this.rows = rows.RowCount;
        buses = rows.BusCount;
        muHat = new double[this.rows];
        previousInjection = new double[buses];
        extrapolatedInjection = new double[buses];
        activity = new double[this.rows];
        extrapolatedActivity = new double[this.rows];
        residual = new double[this.rows];
        slack = new double[this.rows];
        step = new double[this.rows];
        gramTimesStep = new double[this.rows];
        Description = new NetworkDescription(buses, constraints.Labels, normalized.EstimateNormSquared());
    }

    /// <summary>Sizes, labels and <c>||D A||^2</c>.</summary>
    public NetworkDescription Description { get; }

    /// <summary>The network rows.</summary>
    public NetworkConstraints Constraints => constraints;

    /// <summary>The row-normalized rows in use: <see cref="TreeSweepNormalizedRows"/> or <see cref="DenseNormalizedRows"/>.</summary>
    public NormalizedNetworkRows Rows => normalized;

    /// <summary>One dual step for bus injections <paramref name="busInjectionKw"/> (kW) with step
    /// <paramref name="dualStep"/> ($/kW^2; 0 leaves mu unchanged); writes prices, multipliers, residuals and, if
    /// <paramref name="includeHeadroom"/>, the headroom at these injections (otherwise NaN).</summary>
    public void Step(ReadOnlySpan<double> busInjectionKw, double dualStep, NetworkStepResult result, bool includeHeadroom = false)
    {
        double violationSquared = 0, maxViolation = 0, activitySquared = 0, changeSquared = 0, muSquared = 0;
        // 1. Row activities D A P and the (extrapolated) residuals D (A P - b).
        var useExtrapolation = extrapolate && hasPrevious;
        normalized.Multiply(busInjectionKw, activity);
        if (useExtrapolation)
        {
            for (var n = 0; n < buses; n++) extrapolatedInjection[n] = 2 * busInjectionKw[n] - previousInjection[n];
            normalized.Multiply(extrapolatedInjection, extrapolatedActivity);
        }
        var bound = normalized.NormalizedBound;
        for (var k = 0; k < rows; k++)
        {
            var current = activity[k];
            residual[k] = (useExtrapolation ? extrapolatedActivity[k] : current) - bound[k];
            var violation = current - bound[k];
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

        // 3. eta = A^T mu = (D A)^T muHat; headroom per bus from the slack of every row that the bus moves.
        normalized.MultiplyTransposed(muHat, result.BusPrice);
        if (includeHeadroom)
        {
            for (var k = 0; k < rows; k++) slack[k] = bound[k] - activity[k];
            normalized.Headroom(slack, result.HeadroomUpKw, result.HeadroomDownKw);
        }
        else
        {
            Array.Fill(result.HeadroomUpKw, double.NaN);
            Array.Fill(result.HeadroomDownKw, double.NaN);
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
    /// Solved by projected Gauss-Seidel on the candidate rows, with their Gram block gathered once per step.
    /// </summary>
    private void PreconditionedStep(double sigma)
    {
        Array.Clear(step);
        candidates.Clear();
        for (var k = 0; k < rows; k++)
            if (muHat[k] > 0 || residual[k] > 0) candidates.Add(k);
        if (candidates.Count == 0 || sigma <= 0) return;
        var count = candidates.Count;
        if (candidateGram.Length < count * count) candidateGram = new double[Math.Max(count * count, 2 * candidateGram.Length)];
        var gram = candidateGram.AsSpan(0, count * count);
        normalized.FillGram(candidates, gram);
        foreach (var k in candidates) gramTimesStep[k] = 0;
        const double regularization = 1e-6;
        for (var sweep = 0; sweep < 500; sweep++)
        {
            double largest = 0, scale = 0;
            for (var i = 0; i < count; i++)
            {
                var a = candidates[i];
                var diagonal = gram[i * count + i] + regularization;
                var gradient = gramTimesStep[a] + regularization * step[a] - sigma * residual[a];
                var next = Math.Max(-muHat[a], step[a] - gradient / diagonal);
                var delta = next - step[a];
                if (delta == 0) continue;
                step[a] = next;
                var gramRow = gram.Slice(i * count, count);
                for (var j = 0; j < count; j++) gramTimesStep[candidates[j]] += gramRow[j] * delta;
                largest = Math.Max(largest, Math.Abs(delta));
                scale = Math.Max(scale, Math.Abs(next) + muHat[a]);
            }
            if (largest <= 1e-13 * Math.Max(scale, 1e-300)) break;
        }
        foreach (var k in candidates)
            if (muHat[k] + step[k] < 0) step[k] = -muHat[k];
    }
}
