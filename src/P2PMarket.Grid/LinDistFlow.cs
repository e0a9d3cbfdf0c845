namespace P2PMarket.Grid;

/// <summary>
/// Lossless LinDistFlow around the passive operating point (Baran &amp; Wu 1989; MODEL.md sec. 3):
/// squared voltages <c>w = wBase + 2 R P</c> and active branch flows <c>F = FBase - T P</c>, where P are
/// the prosumers' net active injections per bus (unity power factor).
/// </summary>
public sealed class LinDistFlow
{
    private readonly double[] sharedResistancePu; // (BusCount x BusCount), row-major
    private readonly int[] subtreeEnd; // bus n's subtree is TopologicalOrder[position(n) .. subtreeEnd[n])
    private readonly int[] positionOf;

    /// <summary>Builds the model of <paramref name="feeder"/>.</summary>
    public LinDistFlow(Feeder feeder)
    {
        Feeder = feeder;
        var n = feeder.BusCount;
        var order = feeder.TopologicalOrder;
        positionOf = new int[n];
        for (var k = 0; k < n; k++) positionOf[order[k]] = k;

        // Subtree extents: preorder positions of a bus's descendants are contiguous.
        var size = new int[n];
        for (var k = n - 1; k >= 0; k--)
        {
            var bus = order[k];
            size[bus] += 1;
            var parent = feeder.ParentOf(bus);
            if (parent >= 0) size[parent] += size[bus];
        }
        subtreeEnd = new int[n];
        for (var bus = 0; bus < n; bus++) subtreeEnd[bus] = positionOf[bus] + size[bus];

        // Passive flows (kW, kVAr) summed upstream; squared voltages dropped downstream.
        var zBase = feeder.ImpedanceBaseOhm;
        var powerBaseKw = 1000.0 * feeder.BaseMva;
        var downstreamKw = new double[n];
        var downstreamKvar = new double[n];
        for (var k = n - 1; k >= 1; k--)
        {
            var bus = order[k];
            downstreamKw[bus] += feeder.Buses[bus].LoadKw;
            downstreamKvar[bus] += feeder.Buses[bus].LoadKvar;
            var parent = feeder.ParentOf(bus);
            downstreamKw[parent] += downstreamKw[bus];
            downstreamKvar[parent] += downstreamKvar[bus];
        }
        var baseFlowKw = feeder.Branches.Select(b => downstreamKw[b.ChildIndex]).ToArray();
        var baseFlowKvar = feeder.Branches.Select(b => downstreamKvar[b.ChildIndex]).ToArray();
        BaseFlowKw = baseFlowKw;
        BaseFlowKvar = baseFlowKvar;

        var baseSquaredVoltage = new double[n];
        var pathResistancePu = new double[n];
        baseSquaredVoltage[0] = feeder.SubstationVoltagePu * feeder.SubstationVoltagePu;
        for (var k = 1; k < n; k++)
        {
            var bus = order[k];
            var l = feeder.BranchInto(bus);
            var branch = feeder.Branches[l];
            var rPu = branch.ResistanceOhm / zBase;
            var xPu = branch.ReactanceOhm / zBase;
            baseSquaredVoltage[bus] = baseSquaredVoltage[branch.ParentIndex]
                - 2.0 * (rPu * baseFlowKw[l] + xPu * baseFlowKvar[l]) / powerBaseKw;
            pathResistancePu[bus] = pathResistancePu[branch.ParentIndex] + rPu;
        }

        // R[j,k] = resistance of the path shared by 0->j and 0->k: the path resistance of their common
        // ancestor. Row j equals row parent(j) except inside j's own subtree.
        sharedResistancePu = new double[n * n];
        for (var k = 1; k < n; k++)
        {
            var bus = order[k];
            var parent = feeder.ParentOf(bus);
            Array.Copy(sharedResistancePu, parent * n, sharedResistancePu, bus * n, n);
            for (var q = positionOf[bus]; q < subtreeEnd[bus]; q++)
                sharedResistancePu[bus * n + order[q]] = pathResistancePu[bus];
        }
        PathResistancePu = pathResistancePu;
        BaseSquaredVoltage = baseSquaredVoltage;
    }

    /// <summary>The feeder.</summary>
    public Feeder Feeder { get; }

    /// <summary><c>wBase</c> per bus: squared voltage with passive loads only, p.u.^2.</summary>
    public IReadOnlyList<double> BaseSquaredVoltage { get; }

    /// <summary><c>FBase</c> per branch: passive active flow, kW (positive away from the substation).</summary>
    public IReadOnlyList<double> BaseFlowKw { get; }

    /// <summary>Passive reactive flow per branch, kVAr.</summary>
    public IReadOnlyList<double> BaseFlowKvar { get; }

    /// <summary>Resistance from the substation to each bus, p.u.</summary>
    public IReadOnlyList<double> PathResistancePu { get; }

    /// <summary><c>R[j,k]</c>: resistance of the path common to 0->j and 0->k, p.u.</summary>
    public double SharedResistancePu(int j, int k) => sharedResistancePu[j * Feeder.BusCount + k];

    /// <summary>True if bus <paramref name="bus"/> is <paramref name="root"/> or downstream of it
    /// (<c>T[l,k] = 1</c> for the branch l into <paramref name="root"/>).</summary>
    public bool IsInSubtree(int root, int bus) =>
        positionOf[bus] >= positionOf[root] && positionOf[bus] < subtreeEnd[root];

    /// <summary>Squared voltages <c>w = wBase + 2 R P</c>, p.u.^2, for injections P per bus in kW.</summary>
    public double[] SquaredVoltage(ReadOnlySpan<double> busInjectionKw)
    {
        var n = Feeder.BusCount;
        var powerBaseKw = 1000.0 * Feeder.BaseMva;
        var w = new double[n];
        for (var j = 0; j < n; j++)
        {
            var sum = 0.0;
            var row = sharedResistancePu.AsSpan(j * n, n);
            for (var k = 0; k < n; k++) sum += row[k] * busInjectionKw[k];
            w[j] = BaseSquaredVoltage[j] + 2.0 * sum / powerBaseKw;
        }
        return w;
    }

    /// <summary>Active branch flows <c>F = FBase - T P</c>, kW, for injections P per bus in kW.</summary>
    public double[] FlowKw(ReadOnlySpan<double> busInjectionKw)
    {
        var order = Feeder.TopologicalOrder;
        var downstream = new double[Feeder.BusCount];
        for (var q = order.Length - 1; q >= 1; q--)
        {
            var bus = order[q];
            downstream[bus] += busInjectionKw[bus];
            downstream[Feeder.ParentOf(bus)] += downstream[bus];
        }
        var flows = new double[Feeder.Branches.Count];
        for (var l = 0; l < flows.Length; l++) flows[l] = BaseFlowKw[l] - downstream[Feeder.Branches[l].ChildIndex];
        return flows;
    }

    /// <summary>Losses <c>sum r (F^2 + Q^2)</c> of the lossless LinDistFlow flows at 1 p.u., kW.</summary>
    public double LossKw(ReadOnlySpan<double> busInjectionKw)
    {
        var flows = FlowKw(busInjectionKw);
        var powerBaseKw = 1000.0 * Feeder.BaseMva;
        var loss = 0.0;
        for (var l = 0; l < flows.Length; l++)
        {
            var rPu = Feeder.Branches[l].ResistanceOhm / Feeder.ImpedanceBaseOhm;
            var p = flows[l] / powerBaseKw;
            var q = BaseFlowKvar[l] / powerBaseKw;
            loss += rPu * (p * p + q * q) * powerBaseKw;
        }
        return loss;
    }
}
