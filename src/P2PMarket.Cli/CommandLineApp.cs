using System.CommandLine;
using P2PMarket.Cli.Commands;
using P2PMarket.Cli.Running;
using P2PMarket.Grid;
using P2PMarket.Scenarios;
using Spectre.Console;

namespace P2PMarket.Cli;

/// <summary>The command tree and the one place where errors become messages and exit codes:
/// 2 = bad input (named field), 3 = a clearing did not converge, 4 = a check failed, 5 = a service failed or was
/// unreachable, 1 = anything else.</summary>
public static class CommandLineApp
{
    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        // Redirected output (CI logs, files) has no terminal width; tables need more than the default 80 columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
        var root = new RootCommand("P2PMarket: a peer-to-peer energy market on a radial feeder, cleared at the normalized Nash "
            + "equilibrium by a DLMP-parametrized ADMM across gRPC services. Without a command: run.");
        RunCommand.Configure(root);
        var run = new Command("run", "Clear a scenario in every market mode through the services (embedded on loopback by default) and write results, report and plots.");
        RunCommand.Configure(run);
        root.Subcommands.Add(run);
        root.Subcommands.Add(ReferenceCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is UsageException or ScenarioException or FeederDataException)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 2;
        }
        catch (Grpc.Core.RpcException e)
        {
            // A service that is unreachable, or refuses the request, ends the command with its status and detail.
            AnsiConsole.MarkupLine($"[red]error:[/] a market service answered {e.StatusCode}: {Markup.Escape(e.Status.Detail)}");
            return 5;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]cancelled[/]");
            return 130;
        }
    }
}
