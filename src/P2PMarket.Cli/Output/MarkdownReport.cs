using System.Globalization;
using System.Text;
using P2PMarket.Clearing.Results;

namespace P2PMarket.Cli.Output;

/// <summary>The run's Markdown report: the comparison across modes, binding rows and DLMPs of each priced mode.</summary>
public static class MarkdownReport
{
    /// <summary>Builds the report for the results of one scenario.</summary>
    public static string Build(string scenario, string target, IReadOnlyList<MarketResult> results, IReadOnlyList<string> plots)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c, $"# P2PMarket run: {scenario}").AppendLine();
        md.AppendLine(c, $"Cleared through: {target}. Units: power kW, prices $/kWh, welfare and payoffs $ per interval, voltages p.u.").AppendLine();
        md.AppendLine("## Market modes side by side (MODEL.md sec. 9)").AppendLine();
        md.AppendLine("| mode | welfare $ | operator surplus $ | traded kW | linear flow viol. kW | linear V viol. p.u. | AC flow viol. kW | AC V viol. p.u. | AC losses kW | iterations | wall s | exit | equilibrium |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var r in results)
        {
            var t = r.Totals;
            var verdict = r.Equilibrium is null ? "-" : r.Equilibrium.Passes ? "passes" : "fails: " + string.Join(", ", r.Equilibrium.Failures);
            md.AppendLine(c, $"| {r.Mode} | {t.WelfareUsd:F2} | {t.OperatorSurplusUsd:F2} | {t.TradedVolumeKw:F1} | {t.FlowViolationLinearKw:F2} | {t.VoltageViolationLinearPu:F4} | {t.FlowViolationAcKw:F2} | {t.VoltageViolationAcPu:F4} | {t.LossAcKw:F1} | {r.Clearing.Iterations} | {r.Timings.WallSeconds:F2} | {r.Clearing.Exit} | {verdict} |");
        }
        md.AppendLine();
        foreach (var r in results.Where(r => r.NetworkRows.Any(row => row.Binding)))
        {
            md.AppendLine(c, $"## {r.Mode}: binding or violated network rows").AppendLine();
            md.AppendLine("| row | value | bound | unit | multiplier |");
            md.AppendLine("| --- | ---: | ---: | --- | ---: |");
            foreach (var row in r.NetworkRows.Where(row => row.Binding))
                md.AppendLine(c, $"| {row.Label} | {row.Value:G6} | {row.Bound:G6} | {row.Unit} | {row.Multiplier:G6} {row.MultiplierUnit} |");
            md.AppendLine();
            md.AppendLine(c, $"## {r.Mode}: DLMP per bus ($/kWh)").AppendLine();
            md.AppendLine("| bus | DLMP | energy | congestion | voltage | loss | V linear | V AC |");
            md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var b in r.Buses)
                md.AppendLine(c, $"| {b.Label} | {Number(b.Dlmp.TotalUsdPerKwh)} | {Number(b.Dlmp.EnergyUsdPerKwh)} | {b.Dlmp.CongestionUsdPerKwh:F5} | {b.Dlmp.VoltageUsdPerKwh:F5} | {Number(b.Dlmp.LossUsdPerKwh)} | {b.VoltageLinearPu:F5} | {b.VoltageAcPu:F5} |");
            md.AppendLine();
        }
        if (plots.Count > 0)
        {
            md.AppendLine("## Plots").AppendLine();
            foreach (var plot in plots) md.AppendLine(c, $"![{Path.GetFileNameWithoutExtension(plot)}]({Path.GetFileName(plot)})").AppendLine();
        }
        return md.ToString();
    }

    private static string Number(double? value) => value is { } v ? v.ToString("F5", CultureInfo.InvariantCulture) : "undefined";
}
