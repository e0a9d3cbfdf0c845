using System.CommandLine;
using P2PMarket.Cli.Output;
using P2PMarket.Cli.Running;
using P2PMarket.Clearing.Reference;
using P2PMarket.Clearing.Results;
using P2PMarket.Prosumers;
using Spectre.Console;

namespace P2PMarket.Cli.Commands;

/// <summary><c>reference</c>: the centralized reference (MODEL.md sec. 8), the welfare QP solved directly; prints
/// welfare, binding constraints and the DLMP per bus, and can write its result file.</summary>
public static class ReferenceCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("reference", "Solve the centralized reference (the variational equilibrium as one QP) and print welfare, binding rows and DLMPs.");
        var scenario = new Option<string>("--scenario", "-s")
        {
            Description = "Scenario: a shipped name (ieee69, toy4), synthetic:PROSUMERS:SEED, or a scenario JSON file.",
            DefaultValueFactory = _ => "ieee69",
        };
        var output = new Option<string?>("--out", "-o") { Description = "Write the reference's result file (JSON) to this path." };
        command.Options.Add(scenario);
        command.Options.Add(output);
        command.SetAction(async (parse, token) => await ExecuteAsync(parse.GetValue(scenario)!, parse.GetValue(output), token));
        return command;
    }

    private static async Task<int> ExecuteAsync(string scenarioArgument, string? output, CancellationToken cancellationToken)
    {
        var scenario = ScenarioResolver.Resolve(scenarioArgument);
        var solution = new CentralizedReference().Solve(scenario);
        var decisions = solution.Prosumers.Select(p => new LocalDecision(p.GenerationKw, p.PvUsedKw, p.FlexibleDemandKw, p.ImportKw,
            p.ExportKw, p.InjectionKw, p.BalancePrice, p.Cost)).ToArray();
        var cleared = new ClearedMarket("reference", decisions, solution.TradesKw, solution.TradePrice, solution.NetworkMultipliers,
            scenario.Prosumers.Select(_ => 1.0).ToArray()) { Exit = solution.Converged ? "direct" : solution.ExitReason.ToString(), Iterations = solution.Iterations };
        var result = new MarketResultBuilder().Build(scenario, cleared);

        AnsiConsole.MarkupLine($"[bold]Centralized reference[/] of {Markup.Escape(scenario.Name)}: {solution.ExitReason} after {solution.Iterations} interior-point iterations");
        AnsiConsole.MarkupLine($"Social welfare: [bold]{solution.Welfare:F4} $[/] per interval; operator surplus {solution.NetworkSurplus:F4} $; traded {result.Totals.TradedVolumeKw:F1} kW");
        var rows = new Table().Border(TableBorder.Rounded).AddColumn("binding row").AddColumn(new TableColumn("value").RightAligned())
            .AddColumn(new TableColumn("bound").RightAligned()).AddColumn("unit").AddColumn(new TableColumn("multiplier").RightAligned());
        foreach (var row in result.NetworkRows.Where(r => r.Binding))
            rows.AddRow(row.Label, $"{row.Value:G6}", $"{row.Bound:G6}", row.Unit, $"{row.Multiplier:G6} {Markup.Escape(row.MultiplierUnit)}");
        AnsiConsole.Write(rows);
        var buses = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("bus").RightAligned())
            .AddColumn(new TableColumn("DLMP $/kWh").RightAligned()).AddColumn(new TableColumn("energy").RightAligned())
            .AddColumn(new TableColumn("congestion").RightAligned()).AddColumn(new TableColumn("voltage").RightAligned())
            .AddColumn(new TableColumn("V linear p.u.").RightAligned()).AddColumn(new TableColumn("V AC p.u.").RightAligned());
        foreach (var b in result.Buses)
            buses.AddRow($"{b.Label}", Number(b.Dlmp.TotalUsdPerKwh), Number(b.Dlmp.EnergyUsdPerKwh), $"{b.Dlmp.CongestionUsdPerKwh:F5}",
                $"{b.Dlmp.VoltageUsdPerKwh:F5}", $"{b.VoltageLinearPu:F5}", $"{b.VoltageAcPu:F5}");
        AnsiConsole.Write(buses);
        if (output is not null)
        {
            await AtomicFile.WriteAsync(output, s => MarketResultJson.WriteAsync(result, s, cancellationToken));
            AnsiConsole.MarkupLine($"Wrote {Markup.Escape(Path.GetFullPath(output))}");
        }
        return solution.Converged ? 0 : 3;
    }

    private static string Number(double? value) => value is { } v ? $"{v:F5}" : "undefined";
}
