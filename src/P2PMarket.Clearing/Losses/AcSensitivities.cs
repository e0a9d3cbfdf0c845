using MathNet.Numerics.LinearAlgebra;
using P2PMarket.Grid;

namespace P2PMarket.Clearing.Losses;

/// <summary>
/// Sensitivities of the AC power flow of a radial feeder to the prosumers' active injections at an operating
/// point (MODEL.md sec. 3, loss-aware linearization): squared voltage magnitudes <c>dw_n/dP_k</c>, sending-end
/// active branch flows <c>dF_l/dP_k</c> and loss factors <c>LF_k = dLoss/dP_k</c>, all per kW injected at bus k
/// (column 0, the substation, is zero: the slack absorbs an injection there).
/// <para>Method: the backward/forward sweep (<see cref="AcPowerFlow"/>) converges to the solution of the exact
/// branch-flow (DistFlow) equations of the radial feeder (Baran &amp; Wu 1989), per non-slack bus j fed by branch
/// (i, j) with unknowns <c>P_j, Q_j</c> (sending-end flow, p.u.) and <c>v_j = |V_j|^2</c>:
/// <code>
/// P_j - sum_{c child of j} P_c - r (P_j^2 + Q_j^2) / v_i - (PL_j - p_j) / S = 0
/// Q_j - sum_{c child of j} Q_c - x (P_j^2 + Q_j^2) / v_i - QL_j / S       = 0
/// v_j - v_i + 2 (r P_j + x Q_j) - (r^2 + x^2) (P_j^2 + Q_j^2) / v_i       = 0
/// </code>
/// (<c>S</c> the power base in kW, <c>v_0 = V0^2</c> fixed). The sensitivities are the implicit-function derivative
/// <c>dx/dp_k = -G_x^{-1} dG/dp_k</c> of these equations at the converged sweep, with <c>G_x</c> the exact (analytic)
/// Jacobian, factorized once (dense LU of size <c>3 (N - 1)</c>, fine for a few hundred buses). The losses are
/// <c>Loss = S sum_{c child of 0} P_c - sum_{j &gt; 0} (PL_j - p_j)</c>, so <c>LF_k = S dP_substation/dp_k + 1</c>:
/// negative where an injection relieves upstream flows.</para>
/// </summary>
public sealed class AcSensitivities
{
    private AcSensitivities(Feeder feeder, double[] busInjectionKw, AcPowerFlowResult operatingPoint, Matrix<double> squaredVoltage,
        Matrix<double> flow, double[] lossFactor)
    {
        Feeder = feeder;
        BusInjectionKw = busInjectionKw;
        OperatingPoint = operatingPoint;
        SquaredVoltageSensitivity = squaredVoltage;
        FlowSensitivity = flow;
        LossFactor = lossFactor;
    }

    /// <summary>The feeder.</summary>
    public Feeder Feeder { get; }

    /// <summary>Per bus: the prosumers' injections of the operating point, kW.</summary>
    public IReadOnlyList<double> BusInjectionKw { get; }

    /// <summary>The AC power flow at the operating point.</summary>
    public AcPowerFlowResult OperatingPoint { get; }

    /// <summary><c>dw_n/dP_k</c> (buses x buses), p.u.^2 per kW; row and column 0 are zero.</summary>
    public Matrix<double> SquaredVoltageSensitivity { get; }

    /// <summary><c>dF_l/dP_k</c> (branches x buses), kW per kW, for the sending-end active flow of each branch.</summary>
    public Matrix<double> FlowSensitivity { get; }

    /// <summary>Per bus: loss factor <c>LF_k = dLoss/dP_k</c>, kW of losses per kW injected (0 at the substation).</summary>
    public IReadOnlyList<double> LossFactor { get; }

    /// <summary>Computes the operating point and its sensitivities.</summary>
    /// <param name="feeder">The feeder.</param>
    /// <param name="busInjectionKw">Per bus: prosumers' injections, kW.</param>
    /// <param name="powerFlow">The AC power flow to use; null = a sweep to 1e-12 p.u.</param>
    /// <exception cref="ArgumentException">Not one injection per bus.</exception>
    /// <exception cref="InvalidOperationException">The sweep did not converge, or the Jacobian is singular (voltage collapse).</exception>
    public static AcSensitivities At(Feeder feeder, ReadOnlySpan<double> busInjectionKw, AcPowerFlow? powerFlow = null)
    {
        var n = feeder.BusCount;
        if (busInjectionKw.Length != n)
            throw new ArgumentException($"expected {n} injections, one per bus, got {busInjectionKw.Length}", nameof(busInjectionKw));
        var ac = (powerFlow ?? new AcPowerFlow()).Solve(feeder, busInjectionKw);
        if (!ac.Converged)
            throw new InvalidOperationException($"feeder '{feeder.Name}': the AC power flow did not converge in {ac.Iterations} sweeps at the operating point");

        var powerBaseKw = 1000.0 * feeder.BaseMva;
        var zBase = feeder.ImpedanceBaseOhm;
        var size = 3 * (n - 1);
        // Unknowns of bus j >= 1: P at 3(j-1), Q at 3(j-1)+1, v at 3(j-1)+2 (p.u.).
        int P(int bus) => 3 * (bus - 1);
        int Q(int bus) => 3 * (bus - 1) + 1;
        int V(int bus) => 3 * (bus - 1) + 2;

        // 1. Jacobian G_x of the branch-flow equations at the converged sweep.
        var jacobian = Matrix<double>.Build.Dense(size, size);
        for (var j = 1; j < n; j++)
        {
            var parent = feeder.ParentOf(j);
            var l = feeder.BranchInto(j);
            var r = feeder.Branches[l].ResistanceOhm / zBase;
            var x = feeder.Branches[l].ReactanceOhm / zBase;
            var p = ac.SendingFlowKw[l] / powerBaseKw;
            var q = ac.SendingFlowKvar[l] / powerBaseKw;
            var vParent = ac.VoltagePu[parent] * ac.VoltagePu[parent];
            var s = p * p + q * q;
            var z2 = r * r + x * x;
            jacobian[P(j), P(j)] = 1 - 2 * r * p / vParent;
            jacobian[P(j), Q(j)] = -2 * r * q / vParent;
            jacobian[Q(j), P(j)] = -2 * x * p / vParent;
            jacobian[Q(j), Q(j)] = 1 - 2 * x * q / vParent;
            jacobian[V(j), V(j)] = 1;
            jacobian[V(j), P(j)] = 2 * r - 2 * z2 * p / vParent;
            jacobian[V(j), Q(j)] = 2 * x - 2 * z2 * q / vParent;
            if (parent > 0)
            {
                var dParent = s / (vParent * vParent);
                jacobian[P(j), V(parent)] = r * dParent;
                jacobian[Q(j), V(parent)] = x * dParent;
                jacobian[V(j), V(parent)] = -1 + z2 * dParent;
            }
            foreach (var c in feeder.ChildrenOf(j))
            {
                jacobian[P(j), P(c)] = -1;
                jacobian[Q(j), Q(c)] = -1;
            }
        }

        // 2. dx/dp_k = -G_x^{-1} dG/dp_k with dG/dp_k = e_{P(k)} / S (only bus k's active balance moves).
        var rhs = Matrix<double>.Build.Dense(size, n - 1, (row, column) => row == P(column + 1) ? -1.0 / powerBaseKw : 0.0);
        var dx = jacobian.LU().Solve(rhs);
        if (dx.Enumerate().Any(value => !double.IsFinite(value)))
            throw new InvalidOperationException($"feeder '{feeder.Name}': the branch-flow Jacobian is singular at the operating point (voltage collapse)");

        // 3. Voltages, flows and losses per kW injected.
        var squaredVoltage = Matrix<double>.Build.Dense(n, n);
        var flow = Matrix<double>.Build.Dense(feeder.Branches.Count, n);
        var lossFactor = new double[n];
        for (var k = 1; k < n; k++)
        {
            var column = k - 1;
            for (var j = 1; j < n; j++) squaredVoltage[j, k] = dx[V(j), column];
            for (var l = 0; l < feeder.Branches.Count; l++) flow[l, k] = powerBaseKw * dx[P(feeder.Branches[l].ChildIndex), column];
            var substation = 0.0;
            foreach (var c in feeder.ChildrenOf(0)) substation += dx[P(c), column];
            lossFactor[k] = powerBaseKw * substation + 1.0;
        }
        return new AcSensitivities(feeder, busInjectionKw.ToArray(), ac, squaredVoltage, flow, lossFactor);
    }

    /// <summary>
    /// The rows of <paramref name="rows"/> (labels, kinds and order of MODEL.md sec. 3) linearized around this operating
    /// point: <c>A[k,:]</c> is the row quantity's AC sensitivity and <c>b</c> is shifted so that each row is exact here,
    /// <c>(A P0 - b)_k = (AC row quantity at P0) - limit</c>; e.g. <c>vmin@n</c>:
    /// <c>-(w_n(P0) + dw_n/dP (P - P0)) &lt;= -Vmin^2</c>.
    /// </summary>
    /// <param name="rows">The scenario's (lossless) rows: they give the labels, limits and order.</param>
    /// <exception cref="ArgumentException">The rows are of another feeder.</exception>
    public NetworkConstraints Linearize(NetworkConstraints rows)
    {
        if (rows.BusCount != Feeder.BusCount || rows.Model.Feeder.Branches.Count != Feeder.Branches.Count)
            throw new ArgumentException($"the rows are of feeder '{rows.Model.Feeder.Name}' ({rows.BusCount} buses), not of '{Feeder.Name}' ({Feeder.BusCount} buses)", nameof(rows));
        var n = Feeder.BusCount;
        var limits = rows.Limits;
        var matrix = Matrix<double>.Build.Dense(rows.RowCount, n);
        var bound = new double[rows.RowCount];
        for (var k = 0; k < rows.RowCount; k++)
        {
            var subject = rows.Subjects[k];
            var (gradient, value, limit, sign) = rows.Kinds[k] switch
            {
                NetworkRowKind.VoltageMax => (SquaredVoltageSensitivity.Row(subject), Square(OperatingPoint.VoltagePu[subject]), limits.MaxPu * limits.MaxPu, 1.0),
                NetworkRowKind.VoltageMin => (SquaredVoltageSensitivity.Row(subject), Square(OperatingPoint.VoltagePu[subject]), -limits.MinPu * limits.MinPu, -1.0),
                NetworkRowKind.FlowMax => (FlowSensitivity.Row(subject), OperatingPoint.SendingFlowKw[subject], Feeder.Branches[subject].LimitKw!.Value, 1.0),
                _ => (FlowSensitivity.Row(subject), OperatingPoint.SendingFlowKw[subject], Feeder.Branches[subject].LimitKw!.Value, -1.0),
            };
            // sign * (value + g (P - P0)) <= limit  <=>  sign g P <= limit - sign value + sign g P0
            var atPoint = 0.0;
            for (var bus = 0; bus < n; bus++)
            {
                matrix[k, bus] = sign * gradient[bus];
                atPoint += sign * gradient[bus] * BusInjectionKw[bus];
            }
            bound[k] = limit - sign * value + atPoint;
        }
        return rows.WithRows(matrix, bound);
    }

    private static double Square(double value) => value * value;
}
