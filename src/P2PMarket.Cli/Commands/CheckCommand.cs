using System.CommandLine;
using P2PMarket.Cli.Running;
using P2PMarket.Clearing.Checking;
using P2PMarket.Clearing.Results;
using P2PMarket.Prosumers;
using Spectre.Console;

namespace P2PMarket.Cli.Commands;

/// <summary><c>check</c>: the equilibrium checker (MODEL.md sec. 5, 8) on a result file, from the scenario and the
/// result alone.</summary>
public static class CheckCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("check", "Check a result file's equilibrium conditions (best response, reciprocity, limits, complementarity) against its scenario.");
        var result = new Argument<string>("result") { Description = "A result JSON file written by run or reference." };
        var scenario = new Option<string>("--scenario", "-s") { Description = "The scenario the result clears.", DefaultValueFactory = _ => "ieee69" };
        command.Arguments.Add(result);
        command.Options.Add(scenario);
        command.SetAction(async (parse, token) =>
        {
            var model = ScenarioResolver.Resolve(parse.GetValue(scenario)!);
            var path = parse.GetValue(result)!;
            if (!File.Exists(path)) throw new UsageException("result", $"an existing result file, got '{path}'");
            MarketResult cleared;
            await using (var stream = File.OpenRead(path)) cleared = await MarketResultJson.ReadAsync(stream, token);
            var ids = model.Prosumers.Select(p => p.Id).ToArray();
            if (!cleared.Prosumers.Select(p => p.Id).SequenceEqual(ids))
                throw new UsageException("--scenario", $"the scenario of {path}: its prosumers differ from those of '{parse.GetValue(scenario)}'");
            var candidate = ResultCandidate.From(model, cleared);
            var residuals = EquilibriumChecker.Check(model, candidate);
            var tolerances = new EquilibriumTolerances();
            var failures = residuals.Failures(tolerances);
            var table = new Table().Border(TableBorder.Rounded).AddColumn("residual").AddColumn(new TableColumn("value").RightAligned()).AddColumn("verdict");
            foreach (var kind in Enum.GetValues<EquilibriumResidualKind>())
                table.AddRow(kind.ToString(), $"{residuals.Value(kind):E3}", failures.Contains(kind) ? "[red]fails[/]" : "[green]ok[/]");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(failures.Count == 0 ? "[green]The result is an equilibrium of its mode's conditions.[/]" : $"[red]Not an equilibrium: {string.Join(", ", failures)}[/]");
            return failures.Count == 0 ? 0 : 4;
        });
        return command;
    }
}
