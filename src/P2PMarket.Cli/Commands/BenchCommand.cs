using System.CommandLine;
using System.Text.Json;
using P2PMarket.Cli.Bench;
using P2PMarket.Cli.Output;
using Spectre.Console;

namespace P2PMarket.Cli.Commands;

/// <summary><c>bench</c>: measures the domain and the transport (never timed tests). Run it in Release on an idle
/// machine; every figure in the README comes from it.</summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("bench", "Run the benchmarks (local solve, AC sweep, reference QP, ADMM vs rho and vs size, gRPC vs in-process) and print a table.");
        var quick = new Option<bool>("--quick") { Description = "Skip the 10,000-prosumer runs." };
        var output = new Option<string?>("--out", "-o") { Description = "Also write the figures as JSON to this path." };
        command.Options.Add(quick);
        command.Options.Add(output);
        command.SetAction(async (parse, token) =>
        {
            var rows = new List<BenchRow>();
            void Report(BenchRow row)
            {
                rows.Add(row);
                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(row.Group)}[/] {Markup.Escape(row.Name)}: [bold]{row.Value:G4} {Markup.Escape(row.Unit)}[/] [grey]({Markup.Escape(row.Notes)})[/]");
            }
            AnsiConsole.MarkupLine($"[bold]P2PMarket benchmarks[/] ({Environment.ProcessorCount} cores, .NET {Environment.Version}, {(System.Diagnostics.Debugger.IsAttached ? "debugger" : "no debugger")})");
            await new BenchmarkSuite(parse.GetValue(quick), Report).RunAsync(token);
            await TransportBenchmarks.RunAsync(parse.GetValue(quick), Report, token);
            if (parse.GetValue(output) is { } path)
                await AtomicFile.WriteTextAsync(path, JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
        return command;
    }
}
