using System.CommandLine;
using P2PMarket.Cli.Output;
using P2PMarket.Cli.Running;
using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Losses;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Modes;
using P2PMarket.Clearing.Results;
using Spectre.Console;

namespace P2PMarket.Cli.Commands;

/// <summary><c>run</c> (the default command): clears a scenario in every mode through the services and writes
/// the result files, the Markdown report and the plots.</summary>
public static class RunCommand
{
    /// <summary>The modes in the order they are compared.</summary>
    public static readonly IReadOnlyDictionary<string, MarketMode> ModeNames = new Dictionary<string, MarketMode>
    {
        ["unconstrained"] = MarketMode.Unconstrained,
        ["discard"] = MarketMode.Discard,
        ["oe"] = MarketMode.OperatingEnvelope,
        ["ve"] = MarketMode.Variational,
        ["nne"] = MarketMode.Normalized,
    };

    private const string LossAware = "ve-loss-aware";

    /// <summary>Builds the command; the root command shares its options and action.</summary>
    public static void Configure(Command command)
    {
        var scenario = new Option<string>("--scenario", "-s")
        {
            Description = "Scenario: a shipped name (ieee69, toy4), synthetic:PROSUMERS:SEED, or a scenario JSON file.",
            DefaultValueFactory = _ => "ieee69",
        };
        var modes = new Option<string[]>("--modes", "-m")
        {
            Description = "Market modes to clear, in order: unconstrained, discard, oe, ve, nne, and ve-loss-aware "
                + "(successive linearization around the AC point; in this process, since the operator service prices only its LinDistFlow rows).",
            DefaultValueFactory = _ => ModeNames.Keys.ToArray(),
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Folder for result-<mode>.json, result.json (the last mode's), report.md and the PNG plots.",
            DefaultValueFactory = _ => "p2pmarket-out",
        };
        var coordinator = new Option<string?>("--coordinator")
        {
            Description = "Address of a running Coordinator (e.g. http://localhost:50050, the Kubernetes deployment) instead of the "
                + "embedded services; it serves unconstrained, ve and nne, for a scenario id its services know.",
        };
        var processes = new Option<bool>("--processes")
        {
            Description = "Start the three services as separate processes on loopback ports instead of inside this process.",
        };
        var inProcess = new Option<bool>("--in-process")
        {
            Description = "Clear with direct calls in this process instead of through the gRPC services.",
        };
        var gateways = new Option<int>("--gateways")
        {
            Description = "Prosumer gateways (shards) to start for the embedded services, 1-16.",
            DefaultValueFactory = _ => 2,
        };
        var tolerance = new Option<double>("--tolerance")
        {
            Description = "Relative ADMM stopping tolerance (Boyd et al. 2011, sec. 3.3).",
            DefaultValueFactory = _ => 1e-8,
        };
        var maxIterations = new Option<int>("--max-iterations")
        {
            Description = "ADMM iteration cap per clearing; reaching it reports 'IterationLimit', never a silent partial answer.",
            DefaultValueFactory = _ => 20000,
        };
        foreach (var option in new Option[] { scenario, modes, output, coordinator, processes, inProcess, gateways, tolerance, maxIterations })
            command.Options.Add(option);
        command.SetAction(async (parse, token) => await ExecuteAsync(new RunSettings(
            parse.GetValue(scenario)!, parse.GetValue(modes)!, parse.GetValue(output)!, parse.GetValue(coordinator), parse.GetValue(processes), parse.GetValue(inProcess),
            parse.GetValue(gateways), parse.GetValue(tolerance), parse.GetValue(maxIterations)), token));
    }

    private sealed record RunSettings(string Scenario, string[] Modes, string Output, string? Coordinator, bool Processes, bool InProcess, int Gateways,
        double Tolerance, int MaxIterations);

    /// <summary>The folder of a scenario given as a file, so separate services can load it by its file name.</summary>
    private static string? ScenarioDirectory(string scenario) =>
        File.Exists(scenario) ? Path.GetDirectoryName(Path.GetFullPath(scenario)) : null;

    private static async Task<int> ExecuteAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var modes = settings.Modes.Select(m => ModeNames.TryGetValue(m, out var mode) ? (Name: m, Mode: mode)
            : m == LossAware ? (Name: m, Mode: MarketMode.Variational)
            : throw new UsageException("--modes", $"modes among {string.Join(", ", ModeNames.Keys)}, {LossAware}; got '{m}'")).ToArray();
        if (settings.Gateways is < 1 or > 16) throw new UsageException("--gateways", $"1 to 16 gateways, got {settings.Gateways}");
        if (!(settings.Tolerance is > 0 and < 1)) throw new UsageException("--tolerance", $"a relative tolerance in (0, 1), got {settings.Tolerance}");
        if (settings.MaxIterations < 1) throw new UsageException("--max-iterations", $"a positive iteration cap, got {settings.MaxIterations}");
        var scenario = ScenarioResolver.Resolve(settings.Scenario);
        // The id the services resolve: a file is served from its folder under its file name.
        var scenarioId = File.Exists(settings.Scenario) ? Path.GetFileNameWithoutExtension(settings.Scenario) : settings.Scenario;
        var options = new ModeRunOptions(new AdmmOptions(RelativeTolerance: settings.Tolerance, AbsoluteTolerance: settings.Tolerance * 1e-2,
            MaxIterations: settings.MaxIterations));

        if (new[] { settings.Coordinator is not null, settings.Processes, settings.InProcess }.Count(b => b) > 1)
            throw new UsageException("--coordinator", "at most one of --coordinator, --processes and --in-process");
        Uri? remote = null;
        if (settings.Coordinator is not null
            && !(Uri.TryCreate(settings.Coordinator, UriKind.Absolute, out remote) && remote.Scheme is "http" or "https"))
            throw new UsageException("--coordinator", $"an http:// or https:// address, got '{settings.Coordinator}'");
        await using IMarketClient client = remote is not null ? new RemoteMarketClient(remote)
            : settings.InProcess ? new InProcessMarketClient(settings.Gateways)
            : settings.Processes ? await ProcessesMarketClient.StartAsync(settings.Gateways, ScenarioDirectory(settings.Scenario), cancellationToken)
            : await MarketClients.StartEmbeddedAsync(scenario, scenarioId, settings.Gateways, cancellationToken);
        AnsiConsole.MarkupLine($"[bold]P2PMarket[/]: {Markup.Escape(scenario.Name)}, {scenario.Prosumers.Count} prosumers, "
            + $"{scenario.Feeder.BusCount} buses, cleared through {Markup.Escape(client.Target)}");

        var results = new List<MarketResult>();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                foreach (var (name, mode) in modes)
                {
                    var task = context.AddTask($"{name,-13}", maxValue: 1.0);
                    var progress = new Progress<AdmmIteration>(it => task.Description =
                        $"{name,-13} it {it.Iteration,5}  r {it.ReciprocityResidualKw:E1} kW  net {it.NetworkPrimalResidualKw:E1} kW  rho {it.Rho:E1}");
                    results.Add(name == LossAware
                        ? (await new SuccessiveLinearization().RunAsync(scenario, mode, options, new InProcessMarketPorts(settings.Gateways), progress, cancellationToken)).Final.Result
                        : await client.ClearAsync(scenario, scenarioId, mode, options, progress, cancellationToken));
                    task.Description = $"{name,-13} {results[^1].Clearing.Exit} after {results[^1].Clearing.Iterations} iterations";
                    task.Value = 1.0;
                }
            });

        AnsiConsole.Write(ComparisonTable.Render(results));
        foreach (var r in results.Where(r => r.Equilibrium is { Passes: false }))
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(r.Mode)}: equilibrium check fails on {Markup.Escape(string.Join(", ", r.Equilibrium!.Failures))}[/]");
        Directory.CreateDirectory(settings.Output);
        foreach (var result in results)
            await AtomicFile.WriteAsync(Path.Combine(settings.Output, $"result-{result.Mode}.json"), s => MarketResultJson.WriteAsync(result, s, cancellationToken));
        await AtomicFile.WriteAsync(Path.Combine(settings.Output, "result.json"), s => MarketResultJson.WriteAsync(results[^1], s, cancellationToken));
        var plots = PlotWriter.Write(settings.Output, results);
        await AtomicFile.WriteTextAsync(Path.Combine(settings.Output, "report.md"), MarkdownReport.Build(scenario.Name, client.Target, results, plots));
        AnsiConsole.MarkupLine($"Wrote {Markup.Escape(Path.GetFullPath(settings.Output))}: result-<mode>.json, result.json ({Markup.Escape(results[^1].Mode)}), report.md, {plots.Count} plots.");
        return results.All(r => r.Clearing.Exit == "converged") ? 0 : 3;
    }
}
