using P2PMarket.Clearing.Results;
using ScottPlot;

namespace P2PMarket.Cli.Output;

/// <summary>The run's PNG plots (DESIGN.md "Embedded default"): convergence, DLMP per bus, voltage profile
/// linear vs AC, and payoff per prosumer per mode. Rendered headless by ScottPlot.</summary>
public static class PlotWriter
{
    /// <summary>Writes the plots into <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<MarketResult> results)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        var priced = results.LastOrDefault(r => r.Mode is "nne" or "ve") ?? results[^1];

        // Convergence of the priced mode: log10 of each residual per iteration.
        var convergence = new Plot();
        var iterations = priced.Convergence.Select(h => (double)h.Iteration).ToArray();
        AddLog(convergence, iterations, priced.Convergence.Select(h => h.ReciprocityResidualKw), "reciprocity ||t + t'|| (kW)");
        AddLog(convergence, iterations, priced.Convergence.Select(h => h.TradeDualResidualUsdPerKwh), "trade dual rho||dz|| ($/kWh)");
        AddLog(convergence, iterations, priced.Convergence.Select(h => h.NetworkPrimalResidualKw), "network primal ||dmu||/sigma (kW)");
        AddLog(convergence, iterations, priced.Convergence.Select(h => h.NetworkDualResidualUsdPerKwh), "network dual tau||dp|| ($/kWh)");
        convergence.Title($"ADMM convergence ({priced.Mode}, {priced.Clearing.Iterations} iterations)");
        convergence.XLabel("iteration");
        convergence.YLabel("log10 residual");
        convergence.ShowLegend();
        paths.Add(Save(convergence, directory, "convergence.png"));

        // DLMP per bus with its components, priced mode.
        var dlmp = new Plot();
        var buses = priced.Buses.Select(b => (double)b.Label).ToArray();
        AddLine(dlmp, buses, priced.Buses.Select(b => b.Dlmp.TotalUsdPerKwh ?? double.NaN), "DLMP");
        AddLine(dlmp, buses, priced.Buses.Select(b => b.Dlmp.CongestionUsdPerKwh), "congestion");
        AddLine(dlmp, buses, priced.Buses.Select(b => b.Dlmp.VoltageUsdPerKwh), "voltage");
        dlmp.Title($"DLMP per bus ({priced.Mode})");
        dlmp.XLabel("bus");
        dlmp.YLabel("$/kWh");
        dlmp.ShowLegend();
        paths.Add(Save(dlmp, directory, "dlmp.png"));

        // Voltage profile, linear vs AC, for every mode's AC and the priced mode's linear prediction.
        var voltage = new Plot();
        AddLine(voltage, buses, priced.Buses.Select(b => b.VoltageLinearPu), $"{priced.Mode} LinDistFlow");
        foreach (var r in results) AddLine(voltage, r.Buses.Select(b => (double)b.Label).ToArray(), r.Buses.Select(b => b.VoltageAcPu), $"{r.Mode} AC");
        voltage.Add.HorizontalLine(priced.Limits.VoltageMinPu, pattern: LinePattern.Dashed);
        voltage.Add.HorizontalLine(priced.Limits.VoltageMaxPu, pattern: LinePattern.Dashed);
        voltage.Title("Voltage profile: linear vs AC");
        voltage.XLabel("bus");
        voltage.YLabel("p.u.");
        voltage.ShowLegend();
        paths.Add(Save(voltage, directory, "voltage.png"));

        // Payoff per prosumer per mode.
        var payoff = new Plot();
        var index = Enumerable.Range(0, priced.Prosumers.Count).Select(i => (double)i).ToArray();
        foreach (var r in results) AddLine(payoff, index, r.Prosumers.Select(p => p.PayoffUsd), r.Mode);
        payoff.Title("Payoff per prosumer per mode");
        payoff.XLabel("prosumer (scenario order)");
        payoff.YLabel("$ per interval");
        payoff.ShowLegend();
        paths.Add(Save(payoff, directory, "payoff.png"));
        return paths;
    }

    private static void AddLog(Plot plot, double[] xs, IEnumerable<double> ys, string label)
    {
        var values = ys.Select(y => y > 0 ? Math.Log10(y) : double.NaN).ToArray();
        var line = plot.Add.ScatterLine(xs, values);
        line.LegendText = label;
    }

    private static void AddLine(Plot plot, double[] xs, IEnumerable<double> ys, string label)
    {
        var line = plot.Add.Scatter(xs, ys.ToArray());
        line.LegendText = label;
        line.MarkerSize = 3;
    }

    private static string Save(Plot plot, string directory, string name)
    {
        var path = Path.Combine(directory, name);
        plot.SavePng(path, 1000, 560);
        return path;
    }
}
