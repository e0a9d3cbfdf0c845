using MathNet.Numerics.LinearAlgebra;

namespace P2PMarket.Grid;

/// <summary>
/// The linearized network limits <c>A P &lt;= b</c> in the row order and labels of MODEL.md sec. 3: for
/// each non-slack bus (bus-data order) <c>vmax@n</c> then <c>vmin@n</c>; then for each branch with a finite
/// limit (branch-data order) <c>fmax@from-to</c> then <c>fmin@from-to</c>. <c>A[k,n]</c> is the derivative
/// of row k with respect to the injection at bus n in kW; column 0 (substation) is zero.
/// </summary>
public sealed class NetworkConstraints
{
    /// <summary>Builds the rows for <paramref name="model"/> with feeder-wide voltage limits.</summary>
    public NetworkConstraints(LinDistFlow model, VoltageLimits limits)
    {
        Model = model;
        Limits = limits;
        var feeder = model.Feeder;
        var n = feeder.BusCount;
        var powerBaseKw = 1000.0 * feeder.BaseMva;
        var labels = new List<string>();
        var kinds = new List<NetworkRowKind>();
        var subjects = new List<int>();
        var bounds = new List<double>();
        var rows = new List<double[]>();
        for (var bus = 1; bus < n; bus++)
        {
            var dw = new double[n];
            for (var k = 1; k < n; k++) dw[k] = 2.0 * model.SharedResistancePu(bus, k) / powerBaseKw;
            var label = feeder.Buses[bus].Label;
            labels.Add($"vmax@{label}"); kinds.Add(NetworkRowKind.VoltageMax); subjects.Add(bus);
            bounds.Add(limits.MaxPu * limits.MaxPu - model.BaseSquaredVoltage[bus]); rows.Add(dw);
            labels.Add($"vmin@{label}"); kinds.Add(NetworkRowKind.VoltageMin); subjects.Add(bus);
            bounds.Add(model.BaseSquaredVoltage[bus] - limits.MinPu * limits.MinPu); rows.Add(dw.Select(v => -v).ToArray());
        }
        for (var l = 0; l < feeder.Branches.Count; l++)
        {
            var branch = feeder.Branches[l];
            if (branch.LimitKw is not { } limit) continue;
            var dF = new double[n];
            for (var k = 1; k < n; k++) dF[k] = model.IsInSubtree(branch.ChildIndex, k) ? -1.0 : 0.0;
            var name = $"{feeder.Buses[branch.ParentIndex].Label}-{feeder.Buses[branch.ChildIndex].Label}";
            labels.Add($"fmax@{name}"); kinds.Add(NetworkRowKind.FlowMax); subjects.Add(l);
            bounds.Add(limit - model.BaseFlowKw[l]); rows.Add(dF);
            labels.Add($"fmin@{name}"); kinds.Add(NetworkRowKind.FlowMin); subjects.Add(l);
            bounds.Add(limit + model.BaseFlowKw[l]); rows.Add(dF.Select(v => -v).ToArray());
        }
        Labels = labels;
        Kinds = kinds;
        Subjects = subjects;
        Bound = bounds.ToArray();
        Matrix = Matrix<double>.Build.Dense(rows.Count, n, (k, bus) => rows[k][bus]);
        RowNorm = rows.Select(r => Math.Sqrt(r.Sum(v => v * v))).ToArray();
        IsLinDistFlow = true;
    }

    private NetworkConstraints(NetworkConstraints rows, Matrix<double> matrix, double[] bound)
    {
        Model = rows.Model;
        Limits = rows.Limits;
        Labels = rows.Labels;
        Kinds = rows.Kinds;
        Subjects = rows.Subjects;
        Bound = bound;
        Matrix = matrix;
        RowNorm = Enumerable.Range(0, matrix.RowCount).Select(k => matrix.Row(k).L2Norm()).ToArray();
    }

    /// <summary>The same limits (labels, kinds, subjects, row order) with another <c>A</c> and <c>b</c>: a linearization
    /// of the AC power flow around another operating point (the loss-aware mode, MODEL.md sec. 3). <see cref="Model"/>
    /// stays the LinDistFlow model of the feeder. This instance is unchanged.</summary>
    /// <param name="matrix"><c>A</c> (rows x buses), derivative of each row per kW injected.</param>
    /// <param name="bound"><c>b</c>, in each row's unit (p.u.^2 or kW).</param>
    /// <exception cref="ArgumentException">The sizes differ from these rows', or a value is not finite.</exception>
    public NetworkConstraints WithRows(Matrix<double> matrix, IReadOnlyList<double> bound)
    {
        if (matrix.RowCount != RowCount || matrix.ColumnCount != BusCount)
            throw new ArgumentException($"expected a {RowCount} x {BusCount} matrix (rows x buses), got {matrix.RowCount} x {matrix.ColumnCount}", nameof(matrix));
        if (bound.Count != RowCount)
            throw new ArgumentException($"expected {RowCount} bounds, one per row, got {bound.Count}", nameof(bound));
        for (var k = 0; k < RowCount; k++)
        {
            if (!double.IsFinite(bound[k])) throw new ArgumentException($"bound of row '{Labels[k]}': expected a finite value, got {bound[k]}", nameof(bound));
            for (var n = 0; n < BusCount; n++)
                if (!double.IsFinite(matrix[k, n]))
                    throw new ArgumentException($"row '{Labels[k]}', bus index {n}: expected a finite coefficient, got {matrix[k, n]}", nameof(matrix));
        }
        return new NetworkConstraints(this, matrix.Clone(), bound.ToArray());
    }

    /// <summary>True when <see cref="Matrix"/> and <see cref="Bound"/> are the LinDistFlow rows of <see cref="Model"/> built by
    /// the constructor: voltage rows <c>+-2 R[j,.] / (1000 BaseMva)</c> per kW, flow rows <c>-+T[l,.]</c>, so <c>A x</c> and <c>A^T y</c> are
    /// tree sweeps in O(buses). False for rows from <see cref="WithRows"/>, whose structure is unknown.</summary>
    public bool IsLinDistFlow { get; }

    /// <summary>The LinDistFlow model of the feeder: the rows come from it, unless built by <see cref="WithRows"/>.</summary>
    public LinDistFlow Model { get; }

    /// <summary>Voltage limits, p.u.</summary>
    public VoltageLimits Limits { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => Bound.Length;

    /// <summary>Number of bus columns (including the substation).</summary>
    public int BusCount => Model.Feeder.BusCount;

    /// <summary>Row labels, e.g. <c>vmin@65</c>, <c>fmax@3-4</c>.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Row kinds.</summary>
    public IReadOnlyList<NetworkRowKind> Kinds { get; }

    /// <summary>Per row: the bus index (voltage rows) or the branch index (flow rows) it limits.</summary>
    public IReadOnlyList<int> Subjects { get; }

    /// <summary><c>b</c>: p.u.^2 for voltage rows, kW for flow rows.</summary>
    public double[] Bound { get; }

    /// <summary><c>A</c> (rows x buses), per kW injected.</summary>
    public Matrix<double> Matrix { get; }

    /// <summary>Euclidean norm of each row of A (for internal row scaling; 0 for a row that no injection moves).</summary>
    public double[] RowNorm { get; }

    /// <summary>Unit of each row's quantity, for output: "p.u.^2" or "kW".</summary>
    public static string UnitOf(NetworkRowKind kind) =>
        kind is NetworkRowKind.VoltageMax or NetworkRowKind.VoltageMin ? "p.u.^2" : "kW";

    /// <summary>Slack-free residual <c>A P - b</c> per row (positive = violated), for injections per bus in kW.</summary>
    public double[] Residual(ReadOnlySpan<double> busInjectionKw)
    {
        var p = Vector<double>.Build.Dense(busInjectionKw.ToArray());
        var r = Matrix.Multiply(p);
        for (var k = 0; k < RowCount; k++) r[k] -= Bound[k];
        return r.ToArray();
    }

    /// <summary><c>eta = A^T mu</c> per bus, $/kWh, for multipliers <c>mu</c> per row in physical units.</summary>
    public double[] BusPrice(ReadOnlySpan<double> mu)
    {
        var m = Vector<double>.Build.Dense(mu.ToArray());
        return Matrix.TransposeThisAndMultiply(m).ToArray();
    }
}
