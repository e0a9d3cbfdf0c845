using System.Numerics;

namespace P2PMarket.Grid;

/// <summary>
/// Backward/forward sweep AC power flow of a radial feeder with constant-PQ loads (Shirmohammadi et al.
/// 1988). Prosumers inject active power at unity power factor.
/// </summary>
/// <param name="tolerancePu">Stop when no bus voltage changes by more than this, p.u.</param>
/// <param name="maxIterations">Sweep limit.</param>
public sealed class AcPowerFlow(double tolerancePu = 1e-12, int maxIterations = 200)
{
    /// <summary>Solves the feeder with prosumer net injections per bus (kW, positive = generation).</summary>
    public AcPowerFlowResult Solve(Feeder feeder, ReadOnlySpan<double> busInjectionKw)
    {
        var n = feeder.BusCount;
        var order = feeder.TopologicalOrder;
        var powerBaseKw = 1000.0 * feeder.BaseMva;
        var zBase = feeder.ImpedanceBaseOhm;
        var load = new Complex[n];
        for (var bus = 0; bus < n; bus++)
            load[bus] = new Complex((feeder.Buses[bus].LoadKw - busInjectionKw[bus]) / powerBaseKw, feeder.Buses[bus].LoadKvar / powerBaseKw);
        var impedance = feeder.Branches.Select(b => new Complex(b.ResistanceOhm / zBase, b.ReactanceOhm / zBase)).ToArray();

        var voltage = Enumerable.Repeat(new Complex(feeder.SubstationVoltagePu, 0), n).ToArray();
        var current = new Complex[n]; // current in the branch feeding each bus
        var iterations = 0;
        var converged = false;
        while (iterations < maxIterations && !converged)
        {
            iterations++;
            // Backward sweep: each branch carries its bus's load current plus its children's branch currents.
            Array.Clear(current);
            for (var q = n - 1; q >= 1; q--)
            {
                var bus = order[q];
                current[bus] += Complex.Conjugate(load[bus] / voltage[bus]);
                current[feeder.ParentOf(bus)] += current[bus];
            }
            // Forward sweep: voltage drops from the substation.
            var change = 0.0;
            for (var q = 1; q < n; q++)
            {
                var bus = order[q];
                var parent = feeder.ParentOf(bus);
                var next = voltage[parent] - impedance[feeder.BranchInto(bus)] * current[bus];
                change = Math.Max(change, (next - voltage[bus]).Magnitude);
                voltage[bus] = next;
            }
            converged = change < tolerancePu;
        }

        var flowKw = new double[feeder.Branches.Count];
        var flowKvar = new double[feeder.Branches.Count];
        Complex loss = 0;
        for (var l = 0; l < feeder.Branches.Count; l++)
        {
            var branch = feeder.Branches[l];
            var j = current[branch.ChildIndex];
            var sending = voltage[branch.ParentIndex] * Complex.Conjugate(j);
            flowKw[l] = sending.Real * powerBaseKw;
            flowKvar[l] = sending.Imaginary * powerBaseKw;
            loss += impedance[l] * j.Magnitude * j.Magnitude;
        }
        return new AcPowerFlowResult(voltage.Select(v => v.Magnitude).ToArray(), flowKw, flowKvar,
            loss.Real * powerBaseKw, loss.Imaginary * powerBaseKw, iterations, converged);
    }
}
