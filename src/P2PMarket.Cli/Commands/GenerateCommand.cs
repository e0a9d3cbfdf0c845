using System.CommandLine;
using P2PMarket.Cli.Output;
using P2PMarket.Cli.Running;
using P2PMarket.Scenarios;
using P2PMarket.Scenarios.Synthetic;
using Spectre.Console;

namespace P2PMarket.Cli.Commands;

/// <summary><c>generate</c>: writes a seeded synthetic scenario (MODEL.md sec. 10) as a scenario JSON file.</summary>
public static class GenerateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("generate", "Write a seeded synthetic scenario (random radial feeder and prosumer population) as JSON.");
        var prosumers = new Option<int>("--prosumers", "-n") { Description = "Number of prosumers, 2 to 100000.", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the identical file.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out", "-o") { Description = "Path of the scenario file to write.", Required = true };
        command.Options.Add(prosumers);
        command.Options.Add(seed);
        command.Options.Add(output);
        command.SetAction(async (parse, _) =>
        {
            var count = parse.GetValue(prosumers);
            if (count is < 2 or > 100_000) throw new UsageException("--prosumers", $"2 to 100000 prosumers, got {count}");
            var scenario = SyntheticScenarioGenerator.Generate(count, parse.GetValue(seed));
            var path = parse.GetValue(output)!;
            await AtomicFile.WriteTextAsync(path, ScenarioWriter.Write(scenario));
            AnsiConsole.MarkupLine($"Wrote {Markup.Escape(Path.GetFullPath(path))}: {scenario.Prosumers.Count} prosumers, {scenario.Feeder.BusCount} buses, {scenario.Trades.Pairs.Count} trading pairs");
            return 0;
        });
        return command;
    }
}
