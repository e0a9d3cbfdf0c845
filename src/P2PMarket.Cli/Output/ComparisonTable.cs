using P2PMarket.Clearing.Results;
using Spectre.Console;

namespace P2PMarket.Cli.Output;

/// <summary>The side-by-side comparison of market modes (MODEL.md sec. 9) as a console table.</summary>
public static class ComparisonTable
{
    /// <summary>Renders one row per mode's result.</summary>
    public static Table Render(IReadOnlyList<MarketResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("mode").AddColumn(new TableColumn("welfare $").RightAligned())
            .AddColumn(new TableColumn("surplus $").RightAligned()).AddColumn(new TableColumn("traded kW").RightAligned())
            .AddColumn(new TableColumn("lin. viol.").RightAligned()).AddColumn(new TableColumn("AC viol.").RightAligned())
            .AddColumn(new TableColumn("iter.").RightAligned()).AddColumn(new TableColumn("wall s").RightAligned())
            .AddColumn("exit").AddColumn("NE check");
        foreach (var r in results)
        {
            var t = r.Totals;
            table.AddRow(
                Markup.Escape(r.Mode),
                $"{t.WelfareUsd:F2}",
                $"{t.OperatorSurplusUsd:F2}",
                $"{t.TradedVolumeKw:F1}",
                Violation(t.FlowViolationLinearKw, t.VoltageViolationLinearPu),
                Violation(t.FlowViolationAcKw, t.VoltageViolationAcPu),
                $"{r.Clearing.Iterations}",
                $"{r.Timings.WallSeconds:F2}",
                Markup.Escape(r.Clearing.Exit),
                r.Equilibrium is null ? "-" : r.Equilibrium.Passes ? "[green]passes[/]" : $"[red]fails ({r.Equilibrium.Failures.Count})[/]");
        }
        return table;
    }

    private static string Violation(double flowKw, double voltagePu) =>
        flowKw <= 1e-6 && voltagePu <= 1e-9 ? "[green]none[/]"
        : voltagePu <= 1e-9 ? $"[yellow]{flowKw:F1} kW[/]"
        : flowKw <= 1e-6 ? $"[yellow]{voltagePu:F4} pu[/]"
        : $"[yellow]{flowKw:F1} kW, {voltagePu:F4} pu[/]";
}
