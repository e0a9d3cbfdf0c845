using System.Globalization;
using System.Text;

namespace P2PMarket.Clearing.Modes;

/// <summary>The market modes of one scenario side by side (MODEL.md sec. 9).</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="ProsumerIds">Prosumer ids, in the order of every row's payoffs.</param>
/// <param name="Rows">One row per mode, in run order.</param>
public sealed record ModeComparison(string Scenario, IReadOnlyList<string> ProsumerIds, IReadOnlyList<ModeComparisonRow> Rows)
{
    /// <summary>The comparison of <paramref name="runs"/> (all of one scenario).</summary>
    /// <exception cref="ArgumentException">No runs, or runs of different scenarios.</exception>
    public static ModeComparison Of(IReadOnlyList<ModeRun> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("expected at least one mode run", nameof(runs));
        var scenario = runs[0].Result.Scenario;
        if (runs.Any(r => r.Result.Scenario != scenario))
            throw new ArgumentException($"expected runs of one scenario, got {string.Join(", ", runs.Select(r => r.Result.Scenario).Distinct())}", nameof(runs));
        var rows = runs.Select(r =>
        {
            var totals = r.Result.Totals;
            return new ModeComparisonRow(r.Name, totals.WelfareUsd, totals.OperatorSurplusUsd, totals.TradedVolumeKw, r.LinearViolationKw,
                totals.VoltageViolationAcPu, totals.FlowViolationAcKw, r.Iterations, r.WallSeconds, r.Converged,
                r.Result.Prosumers.Select(p => p.PayoffUsd).ToArray());
        }).ToArray();
        return new ModeComparison(scenario, runs[0].Result.Prosumers.Select(p => p.Id).ToArray(), rows);
    }

    /// <summary>A Markdown table, one line per mode, every column with its unit.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| mode | welfare ($) | operator surplus ($) | traded (kW) | linear violation (kW) | AC voltage violation (p.u.) | AC flow violation (kW) | iterations | wall (s) | converged |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in Rows)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Mode} | {r.WelfareUsd:F4} | {r.OperatorSurplusUsd:F4} | {r.TradedVolumeKw:F3} | {Math.Max(0, r.LinearViolationKw):F3} | {r.AcVoltageViolationPu:F5} | {r.AcFlowViolationKw:F3} | {r.Iterations} | {r.WallSeconds:F3} | {(r.Converged ? "yes" : "no")} |"));
        return text.ToString();
    }
}
