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
            var violation = current - normalizedBound[k];
            if (violation > 0)
            {
                violationSquared += violation * violation;
                maxViolation = Math.Max(maxViolation, violation);
            }
            activitySquared += current * current;
            var updated = Math.Max(0.0, muHat[k] + dualStep * (extrapolated - normalizedBound[k]));
            changeSquared += (updated - muHat[k]) * (updated - muHat[k]);
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
