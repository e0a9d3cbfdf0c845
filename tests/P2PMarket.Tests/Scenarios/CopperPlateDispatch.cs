using P2PMarket.Grid;
using P2PMarket.Prosumers;
using P2PMarket.Scenarios;

namespace P2PMarket.Tests.Scenarios;

/// <summary>
/// A stand-in for the market, for checking scenario designs before the solver exists: every prosumer
/// best-responds to one energy price (the trading graph treated as a copper plate, fees and friction
/// ignored) plus an optional network price per bus, and the energy price is set by bisection so that
/// trades net to zero; retail bounds it to [priceExport, priceImport].
/// </summary>
public sealed class CopperPlateDispatch(Scenario scenario)
{
    private readonly ProsumerParameters[] prosumers = scenario.Prosumers.ToArray();
    private readonly NetworkConstraints rows = scenario.BuildNetworkConstraints();
    private double[,]? matrix;

    private double[,] A => matrix ??= rows.Matrix.ToArray();

    public NetworkConstraints Rows => rows;

    /// <summary>The market ignoring the grid: energy price ($/kWh) and injections per bus (kW).</summary>
    public (double Price, double[] BusInjectionKw) Unconstrained() => Solve(new double[rows.BusCount]);

    /// <summary>Best responses to the network price <paramref name="eta"/> per bus ($/kWh) and the clearing energy price.</summary>
    public (double Price, double[] BusInjectionKw) Solve(double[] eta)
    {
        var low = scenario.Retail.ExportPerKwh;
        var high = scenario.Retail.ImportPerKwh;
        double price;
        if (NetKw(eta, low) >= 0) price = low;
        else if (NetKw(eta, high) <= 0) price = high;
        else
        {
            for (var k = 0; k < 60; k++)
            {
                var mid = 0.5 * (low + high);
                if (NetKw(eta, mid) > 0) high = mid;
                else low = mid;
            }
            price = 0.5 * (low + high);
        }
        var bus = new double[rows.BusCount];
        foreach (var p in prosumers) bus[p.Bus] += Injection(p, price - eta[p.Bus]);
        return (price, bus);
    }

    /// <summary><c>p_i = g + sUsed - l - d</c> of the best response to the net price <paramref name="price"/> ($/kWh) of injected energy.</summary>
    public static double Injection(ProsumerParameters p, double price)
    {
        var g = p.GenerationMaxKw > 0 ? Math.Clamp((price - p.GenerationCostLinear) / (2 * p.GenerationCostQuadratic), 0, p.GenerationMaxKw) : 0;
        var pv = price > 0 ? p.PvAvailableKw : 0;
        var d = Math.Clamp((p.UtilityLinear - price) / (2 * p.UtilityQuadratic), p.DemandMinKw, p.DemandMaxKw);
        return g + pv - p.FixedLoadKw - d;
    }

    /// <summary>
    /// The copper-plate variational equilibrium for a guessed set of binding rows (MODEL.md sec. 5):
    /// multipliers <c>mu &gt;= 0</c> on <paramref name="binding"/> that make those rows active (Gauss-Seidel
    /// sweeps of a regula-falsi search per row), every other multiplier zero. If the other rows then hold,
    /// best response, feasibility and complementarity all hold: an equilibrium certificate for that set.
    /// </summary>
    public (double[] Mu, double[] BusInjectionKw) Constrained(IReadOnlyList<string> binding)
    {
        var labels = rows.Labels.ToList();
        var index = binding.Select(label => labels.IndexOf(label)).ToArray();
        var mu = new double[rows.RowCount];
        for (var sweep = 0; sweep < 40; sweep++)
        {
            foreach (var row in index) mu[row] = RootOf(row, mu);
            if (index.All(row => Math.Abs(RowResidual(row, mu)) <= Tolerance(row))) break;
        }
        return (mu, Solve(BusPrice(mu)).BusInjectionKw);
    }

    /// <summary><c>eta = A^T mu</c> over the rows with a multiplier (few), $/kWh.</summary>
    private double[] BusPrice(double[] mu)
    {
        var eta = new double[rows.BusCount];
        for (var k = 0; k < mu.Length; k++)
            if (mu[k] != 0)
                for (var b = 0; b < eta.Length; b++) eta[b] += mu[k] * A[k, b];
        return eta;
    }

    private double RowResidual(int row, double[] mu)
    {
        var bus = Solve(BusPrice(mu)).BusInjectionKw;
        var value = -rows.Bound[row];
        for (var b = 0; b < bus.Length; b++) value += A[row, b] * bus[b];
        return value;
    }

    /// <summary>The smallest <c>mu[row] &gt;= 0</c> at which the row holds (Illinois regula falsi on a bracket).</summary>
    private double RootOf(int row, double[] mu)
    {
        double F(double x) { mu[row] = x; return RowResidual(row, mu); }
        var (a, fa) = (0.0, F(0));
        if (fa <= 0) return 0;
        var (b, fb) = (1e-3, F(1e-3));
        while (fb > 0) (a, fa, b, fb) = (b, fb, 4 * b, F(4 * b));
        var tolerance = 0.01 * Tolerance(row);
        for (var k = 0; k < 60 && b - a > 1e-12 * b; k++)
        {
            var c = b - fb * (b - a) / (fb - fa);
            var fc = F(c);
            if (Math.Abs(fc) <= tolerance) return c;
            if (fc > 0) { (a, fa) = (c, fc); fb /= 2; }
            else { (b, fb) = (c, fc); fa /= 2; }
        }
        return b;
    }

    /// <summary>Accepted residual of an active row: 1e-6 kW of injection at the row's most sensitive bus.</summary>
    private double Tolerance(int row) => 1e-6 * rows.RowNorm[row];

    private double NetKw(double[] eta, double price)
    {
        var sum = 0.0;
        foreach (var p in prosumers) sum += Injection(p, price - eta[p.Bus]);
        return sum;
    }
}
