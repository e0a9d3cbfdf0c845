using P2PMarket.Grid;

namespace P2PMarket.Clearing.Network;

/// <summary>
/// <c>D A</c> of the LinDistFlow rows (MODEL.md sec. 3) applied by sweeps over the radial feeder, in O(buses) per product
/// instead of O(rows x buses). With <c>S_l(x)</c> the sum of x over the buses downstream of branch l (backward sweep):
/// <list type="bullet">
/// <item><c>(R x)_j = sum over branches l on the path 0->j of r_l S_l(x)</c> (forward sweep), since <c>R[j,n]</c> sums r over
/// the branches common to the paths 0->j and 0->n; voltage rows are <c>+-2 (R x)_j / base</c>, flow rows <c>-+S_l(x)</c>.</item>
/// <item><c>A' y = R c + T' g</c> with <c>c_j = 2/base (mu_vmax@j - mu_vmin@j)</c> and <c>g_l = mu_fmin@l - mu_fmax@l</c> in
/// physical units (<c>mu = D y</c>): R is symmetric, so <c>R c</c> is the same pair of sweeps, and <c>(T' g)_n</c> sums g
/// over the branches on the path 0->n.</item>
/// <item>A Gram column <c>(D A)(D A)' e_a</c> is <c>D A</c> applied to row a, two products: O(buses + rows), computed once
/// per row and cached.</item>
/// <item>Headroom: a voltage row j moves bus n by <c>2 R[j,n] / base</c> with <c>R[j,n] = pathR(lca(j,n))</c>, so
/// <c>min_j s_j / R[j,n]</c> splits into the buses below n (<c>R = pathR(n)</c>: the least slack in n's subtree) and
/// those outside it, inherited from the parent p together with p's subtree less n's (<c>R = pathR(p)</c>, kept by the
/// two least child subtrees of p): one backward and one forward sweep, exact also for violated (negative) slacks.</item>
/// </list>
/// Agrees with <see cref="DenseNormalizedRows"/> to rounding (the sums run in another order).
/// </summary>
public sealed class TreeSweepNormalizedRows : NormalizedNetworkRows
{
    private readonly int[] order; // topological: every parent before its children; order[0] = substation
    private readonly int[] parent;
    private readonly double[] branchResistancePu; // r of the branch into each bus (0 at the substation)
    private readonly double[] pathResistancePu;
    private readonly double voltageFactor; // dw/dP = 2 R / base per kW
    private readonly bool[] isVoltage;
    private readonly int[] target; // voltage row: its bus; flow row: the child bus of its branch
    private readonly double[] sign; // +1 for vmax and fmin, -1 for vmin and fmax
    private readonly double[] downstream;
    private readonly double[] pathSum;
    private readonly double[] voltageWeight;
    private readonly double[] flowWeight;
    private readonly double[] unitRow;
    private readonly double[] rowAsBuses;
    private readonly Dictionary<int, double[]> gramColumns = [];
    private readonly double[] subtreeLeast;
    private readonly double[] childLeast;
    private readonly double[] childSecond;
    private readonly int[] childLeastBus;
    private readonly double[] outsideLeast;
    private readonly double[] voltageUp;
    private readonly double[] voltageDown;
    private readonly double[] flowUp;
    private readonly double[] flowDown;

    /// <summary>Reads the feeder's tree and the kinds of the rows.</summary>
    /// <exception cref="ArgumentException">The rows are not the LinDistFlow rows (<see cref="NetworkConstraints.IsLinDistFlow"/>).</exception>
    public TreeSweepNormalizedRows(NetworkConstraints constraints) : base(constraints)
    {
        if (!constraints.IsLinDistFlow)
            throw new ArgumentException("expected the LinDistFlow rows of NetworkConstraints; rows from WithRows need DenseNormalizedRows", nameof(constraints));
        var model = constraints.Model;
        var feeder = model.Feeder;
        order = feeder.TopologicalOrder.ToArray();
        parent = new int[BusCount];
        branchResistancePu = new double[BusCount];
        pathResistancePu = model.PathResistancePu.ToArray();
        parent[0] = -1;
        for (var n = 1; n < BusCount; n++)
        {
            parent[n] = feeder.ParentOf(n);
            branchResistancePu[n] = feeder.Branches[feeder.BranchInto(n)].ResistanceOhm / feeder.ImpedanceBaseOhm;
        }
        voltageFactor = 2.0 / (1000.0 * feeder.BaseMva);

        isVoltage = new bool[RowCount];
        target = new int[RowCount];
        sign = new double[RowCount];
        for (var k = 0; k < RowCount; k++)
        {
            var kind = constraints.Kinds[k];
            isVoltage[k] = kind is NetworkRowKind.VoltageMax or NetworkRowKind.VoltageMin;
            target[k] = isVoltage[k] ? constraints.Subjects[k] : feeder.Branches[constraints.Subjects[k]].ChildIndex;
            sign[k] = kind is NetworkRowKind.VoltageMax or NetworkRowKind.FlowMin ? 1.0 : -1.0;
        }

        downstream = new double[BusCount];
        pathSum = new double[BusCount];
        voltageWeight = new double[BusCount];
        flowWeight = new double[BusCount];
        unitRow = new double[RowCount];
        rowAsBuses = new double[BusCount];
        subtreeLeast = new double[BusCount];
        childLeast = new double[BusCount];
        childSecond = new double[BusCount];
        childLeastBus = new int[BusCount];
        outsideLeast = new double[BusCount];
        voltageUp = new double[BusCount];
        voltageDown = new double[BusCount];
        flowUp = new double[BusCount];
        flowDown = new double[BusCount];
    }

    /// <inheritdoc />
    public override void Multiply(ReadOnlySpan<double> busValues, Span<double> rowValues)
    {
        // Backward sweep: downstream[n] = sum of x over n's subtree (the substation's own value never enters a row).
        busValues.CopyTo(downstream);
        for (var q = order.Length - 1; q >= 1; q--) downstream[parent[order[q]]] += downstream[order[q]];
        // Forward sweep: pathSum[n] = (R x)_n.
        pathSum[0] = 0;
        for (var q = 1; q < order.Length; q++)
        {
            var n = order[q];
            pathSum[n] = pathSum[parent[n]] + branchResistancePu[n] * downstream[n];
        }
        for (var k = 0; k < RowCount; k++)
        {
            var value = isVoltage[k] ? voltageFactor * pathSum[target[k]] : downstream[target[k]];
            rowValues[k] = sign[k] * RowScale[k] * value;
        }
    }

    /// <inheritdoc />
    public override void MultiplyTransposed(ReadOnlySpan<double> rowValues, Span<double> busValues)
    {
        Array.Clear(voltageWeight);
        Array.Clear(flowWeight);
        for (var k = 0; k < RowCount; k++)
        {
            if (rowValues[k] == 0) continue;
            var physical = sign[k] * RowScale[k] * rowValues[k];
            if (isVoltage[k]) voltageWeight[target[k]] += voltageFactor * physical;
            else flowWeight[target[k]] += physical;
        }
        // R c by the same two sweeps (R is symmetric); T' g adds g along the path from the substation.
        Array.Copy(voltageWeight, downstream, BusCount);
        for (var q = order.Length - 1; q >= 1; q--) downstream[parent[order[q]]] += downstream[order[q]];
        busValues[0] = 0;
        for (var q = 1; q < order.Length; q++)
        {
            var n = order[q];
            busValues[n] = busValues[parent[n]] + branchResistancePu[n] * downstream[n] + flowWeight[n];
        }
    }

    /// <inheritdoc />
    public override void FillGram(IReadOnlyList<int> rows, Span<double> gram)
    {
        var count = rows.Count;
        for (var i = 0; i < count; i++)
        {
            var column = GramColumn(rows[i]);
            gram[i * count + i] = column[rows[i]];
            for (var j = i + 1; j < count; j++) gram[i * count + j] = gram[j * count + i] = column[rows[j]];
        }
    }

    /// <inheritdoc />
    public override void Headroom(ReadOnlySpan<double> normalizedSlack, Span<double> up, Span<double> down)
    {
        // Per bus: the least voltage slack in kW-times-p.u. (s_j / R[j,n] is then kW), and the flow slacks in kW.
        Array.Fill(voltageUp, double.PositiveInfinity);
        Array.Fill(voltageDown, double.PositiveInfinity);
        Array.Fill(flowUp, double.PositiveInfinity);
        Array.Fill(flowDown, double.NegativeInfinity);
        for (var k = 0; k < RowCount; k++)
        {
            if (RowScale[k] == 0) continue;
            var slack = normalizedSlack[k] * Constraints.RowNorm[k]; // b - A P in the row's unit
            var bus = target[k];
            if (isVoltage[k])
            {
                var scaled = slack / voltageFactor;
                if (sign[k] > 0) voltageUp[bus] = Math.Min(voltageUp[bus], scaled);
                else voltageDown[bus] = Math.Min(voltageDown[bus], scaled);
            }
            else if (sign[k] > 0) flowUp[bus] = Math.Min(flowUp[bus], slack);
            else flowDown[bus] = Math.Max(flowDown[bus], -slack);
        }
        LeastRatio(voltageUp, up);
        LeastRatio(voltageDown, down);
        up[0] = double.PositiveInfinity;
        down[0] = double.NegativeInfinity;
        // A flow row moves every bus below its branch by -+1: the bound passes down the path (forward sweep).
        for (var q = 1; q < order.Length; q++)
        {
            var n = order[q];
            var p = parent[n];
            if (p != 0)
            {
                flowUp[n] = Math.Min(flowUp[n], flowUp[p]);
                flowDown[n] = Math.Max(flowDown[n], flowDown[p]);
            }
            up[n] = Math.Min(up[n], flowUp[n]);
            down[n] = Math.Max(-down[n], flowDown[n]);
        }
    }

    /// <summary><c>(D A)(D A)' e_a</c>, cached: <c>D A</c> applied to row a written out over the buses.</summary>
    private double[] GramColumn(int row)
    {
        if (gramColumns.TryGetValue(row, out var column)) return column;
        unitRow[row] = 1;
        MultiplyTransposed(unitRow, rowAsBuses);
        unitRow[row] = 0;
        column = new double[RowCount];
        Multiply(rowAsBuses, column);
        gramColumns[row] = column;
        return column;
    }

    /// <summary><c>ratio[n] = min over buses j of value[j] / R[j,n]</c> over the j with <c>R[j,n] &gt; 0</c> (+infinity if
    /// none or all values are +infinity); <c>R[j,n]</c> is the resistance of the path shared by 0->j and 0->n.</summary>
    private void LeastRatio(double[] value, Span<double> ratio)
    {
        // Backward sweep: the least value in each subtree, and per bus the two least among its children's subtrees.
        Array.Fill(childLeast, double.PositiveInfinity);
        Array.Fill(childSecond, double.PositiveInfinity);
        Array.Fill(childLeastBus, -1);
        for (var q = order.Length - 1; q >= 1; q--)
        {
            var n = order[q];
            var least = Math.Min(value[n], childLeast[n]);
            subtreeLeast[n] = least;
            var p = parent[n];
            if (least < childLeast[p])
            {
                childSecond[p] = childLeast[p];
                childLeast[p] = least;
                childLeastBus[p] = n;
            }
            else if (least < childSecond[p]) childSecond[p] = least;
        }
        // Forward sweep: buses below n share pathR(n) with it; buses outside n's subtree share with n what they share
        // with its parent p: pathR(p) for p's subtree less n's, and p's own outside for the rest. Under the substation
        // nothing is shared (R = 0).
        for (var q = 1; q < order.Length; q++)
        {
            var n = order[q];
            var p = parent[n];
            var outside = double.PositiveInfinity;
            if (p != 0)
            {
                var siblings = childLeastBus[p] == n ? childSecond[p] : childLeast[p];
                outside = Math.Min(outsideLeast[p], Math.Min(value[p], siblings) / pathResistancePu[p]);
            }
            outsideLeast[n] = outside;
            ratio[n] = Math.Min(subtreeLeast[n] / pathResistancePu[n], outside);
        }
    }
}
