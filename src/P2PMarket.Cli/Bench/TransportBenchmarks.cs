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
        // The floor: a bare echo stream with the message sizes of the market's hops.
        await using var echo = await EchoFloor.StartAsync(cancellationToken);
        foreach (var bytes in new[] { 80, 8 * 1024, 800 * 1024, 2400 * 1024 })
        {
            var median = await echo.RoundTripAsync(bytes, samples: bytes > 100_000 ? 40 : 400, cancellationToken);
            report(new BenchRow("gRPC floor", $"bare bidirectional echo round trip, {bytes:N0} B (median)", median * 1e6, "us",
                "Kestrel h2c + GrpcChannel on loopback, one stream, write then read"));
        }

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
                    // The same sequential hops on the bare echo stream: one gateway batch (the gateways run
                    // concurrently) and one operator step, at the larger direction's payload of each.
                    var gatewayBytes = 8 * (4 * scenario.Prosumers.Count + 3 * scenario.Trades.SlotCount) / gateways;
                    var operatorBytes = 8 * (3 * scenario.Feeder.BusCount + scenario.BuildNetworkConstraints().RowCount);
                    var floor = await echo.RoundTripAsync(gatewayBytes, 40, cancellationToken) + await echo.RoundTripAsync(operatorBytes, 40, cancellationToken);
                    var transport = grpc.PerIteration - inProcess.PerIteration;
                    report(new BenchRow("gRPC vs floor", $"{name} nne, {gateways} gateway(s): transport per iteration / echo floor of the same hops",
                        transport / floor, "ratio",
                        $"transport {transport * 1e3:F3} ms (gRPC minus in-process per iteration), floor {floor * 1e3:F3} ms "
                        + $"(echo of {gatewayBytes:N0} B + {operatorBytes:N0} B)"));
                    if (gateways == 4)
                    {
                        // The operator hop off the critical path: same fixed point, one iteration staler prices.
                        var overlapped = await ClearAsync(scenario, options with { Admm = options.Admm with { OverlapNetworkStep = true } },
                            host.CreateMarketPorts("bench"), cancellationToken);
                        report(new BenchRow("operator overlap", $"{name} nne, {gateways} gateways: wall overlapped / sequential over gRPC",
                            overlapped.Wall / grpc.Wall, "ratio",
                            $"{overlapped.Iterations} vs {grpc.Iterations} iterations; per iteration {overlapped.PerIteration * 1e3:F3} vs {grpc.PerIteration * 1e3:F3} ms"));
                    }
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
