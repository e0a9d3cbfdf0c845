using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Modes;
using P2PMarket.Scenarios;
using P2PMarket.Scenarios.Synthetic;
using P2PMarket.Services.Hosting.Local;
using P2PMarket.Services.Hosting.Scenarios;

namespace P2PMarket.Cli.Bench;

/// <summary>
/// gRPC against in-process: the same ADMM clearing (bit-identical, so the same iterations) through the embedded
/// services on loopback and through direct calls. The ratio of wall times is pure transport cost; the time per
/// iteration is split into the prosumers' step (local solves + transport) and the operator's step.
/// </summary>
public static class TransportBenchmarks
{
    /// <summary>Runs the transport benchmarks after one warm-up clearing per configuration.</summary>
    public static async Task RunAsync(bool quick, Action<BenchRow> report, CancellationToken cancellationToken)
    {
        var cases = new List<(string Name, Func<Scenario> Build)>
        {
            ("ieee69", ShippedScenarios.Ieee69),
            ("synthetic 1000", () => SyntheticScenarioGenerator.Generate(1000, 1)),
        };
        if (!quick) cases.Add(("synthetic 10000", () => SyntheticScenarioGenerator.Generate(10000, 1)));
        foreach (var (name, build) in cases)
        {
            var scenario = build();
            foreach (var gateways in new[] { 1, 2, 4 })
            {
                var options = new ModeRunOptions(new AdmmOptions(), CheckEquilibrium: false);
                var inProcess = await ClearAsync(scenario, options, new InProcessMarketPorts(gateways), cancellationToken);
                var host = await LocalMarketHost.StartAsync(new LocalMarketHostOptions
                {
                    GatewayCount = gateways,
                    ConfigureServices = (_, services) => services.AddScenario("bench", () => scenario),
                }, cancellationToken);
                await using (host)
                {
                    var grpc = await ClearAsync(scenario, options, host.CreateMarketPorts("bench"), cancellationToken);
                    report(new BenchRow("gRPC vs in-process", $"{name} nne, {gateways} gateway(s): wall gRPC / in-process",
                        grpc.Wall / inProcess.Wall, "ratio",
                        $"{grpc.Iterations} vs {inProcess.Iterations} iterations; per iteration gRPC {grpc.PerIteration * 1e3:F3} ms "
                        + $"(prosumers {grpc.Local * 1e3:F3}, operator {grpc.Network * 1e3:F3}) vs in-process {inProcess.PerIteration * 1e3:F3} ms "
                        + $"(prosumers {inProcess.Local * 1e3:F3}, operator {inProcess.Network * 1e3:F3}); wall {grpc.Wall:F2} s vs {inProcess.Wall:F2} s"));
                }
            }
        }
    }

    private static async Task<(double Wall, int Iterations, double PerIteration, double Local, double Network)> ClearAsync(
        Scenario scenario, ModeRunOptions options, IMarketPorts ports, CancellationToken cancellationToken)
    {
        var runner = new MarketModeRunner();
        await runner.RunAsync(scenario, MarketMode.Normalized, options, ports, null, cancellationToken); // warm-up
        var run = await runner.RunAsync(scenario, MarketMode.Normalized, options, ports, null, cancellationToken);
        var history = run.Outcomes.SelectMany(o => o.History).ToArray();
        var wall = run.Outcomes.Sum(o => o.WallSeconds);
        return (wall, run.Iterations, wall / run.Iterations, history.Sum(h => h.LocalSolveSeconds) / run.Iterations,
            history.Sum(h => h.NetworkSeconds) / run.Iterations);
    }
}
