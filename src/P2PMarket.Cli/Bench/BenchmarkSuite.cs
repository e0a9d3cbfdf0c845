using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Reference;
using P2PMarket.Grid;
using P2PMarket.Prosumers;
using P2PMarket.Scenarios;
using P2PMarket.Scenarios.Synthetic;

namespace P2PMarket.Cli.Bench;

/// <summary>The benchmarks of the domain (issue targets in parentheses): local solve with 10 partners (&lt;= 5 us),
/// AC sweep on IEEE 69 (&lt;= 1 ms), the reference QP on the 69-bus scenario, and the ADMM clearing: iterations and
/// wall time against the initial rho and the market size, with the time per iteration split into local solves,
/// operator update and the coordinator's own work.</summary>
public sealed class BenchmarkSuite(bool quick, Action<BenchRow> report)
{
    /// <summary>Runs every domain benchmark in order.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LocalSolve();
        AcSweep();
        Reference();
        await AdmmVersusRhoAsync(cancellationToken);
        await AdmmVersusSizeAsync(cancellationToken);
    }

    private void LocalSolve()
    {
        // One prosumer with 10 partners, PV, generator, flexible demand and retail: every breakpoint kind.
        var pairs = Enumerable.Range(1, 10).Select(j => new TradePair(0, j, 50)).ToArray();
        var graph = new TradeGraph(11, pairs);
        var prosumer = new ProsumerParameters("bench", 1, 20, 60, 30, 0.002, 0.08, 5, 40, 0.22, 0.002, 50);
        var solver = new LocalSolver(new RetailPrices(0.25, 0.05));
        var random = new Random(7);
        var prices = Enumerable.Range(0, 10).Select(_ => 0.05 + 0.2 * random.NextDouble()).ToArray();
        var anchors = Enumerable.Range(0, 10).Select(_ => 20 * random.NextDouble() - 10).ToArray();
        var trades = new double[10];
        var local = new LocalPrices(0.01, 0.01, 0.001, 3);
        var sample = Timing.Measure(() => solver.Solve(prosumer, graph, 0, local, prices, anchors, trades), samples: 200, batch: 2000);
        report(new BenchRow("local solve", "one prosumer, 10 partners (median)", sample.MedianSeconds * 1e6, "us",
            $"p10 {sample.P10Seconds * 1e6:F2} us, p90 {sample.P90Seconds * 1e6:F2} us, {sample.Calls} calls; target <= 5 us"));
    }

    private void AcSweep()
    {
        var scenario = ShippedScenarios.Ieee69();
        var flow = new AcPowerFlow();
        var injection = new double[scenario.Feeder.BusCount];
        var sample = Timing.Measure(() => flow.Solve(scenario.Feeder, injection), samples: 100, batch: 10);
        var result = flow.Solve(scenario.Feeder, injection);
        report(new BenchRow("AC power flow", "backward/forward sweep, IEEE 69 (median)", sample.MedianSeconds * 1e3, "ms",
            $"{result.Iterations} sweeps to 1e-12 p.u.; p90 {sample.P90Seconds * 1e3:F3} ms; target <= 1 ms"));
    }

    private void Reference()
    {
        var scenario = ShippedScenarios.Ieee69();
        var reference = new CentralizedReference();
        ReferenceSolution? solution = null;
        var sample = Timing.Measure(() => solution = reference.Solve(scenario), samples: quick ? 1 : 3, warmup: 1);
        report(new BenchRow("reference QP", "welfare QP of ieee69 to 1e-8 (median)", sample.MedianSeconds * 1e3, "ms",
            $"{solution!.Iterations} interior-point iterations, {scenario.Prosumers.Count} prosumers, {scenario.Trades.Pairs.Count} pairs"));
    }

    private async Task AdmmVersusRhoAsync(CancellationToken cancellationToken)
    {
        var scenario = ShippedScenarios.Ieee69();
        var defaults = new AdmmOptions();
        foreach (var factor in new[] { 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0, 1000.0 })
        {
            var rho = defaults.InitialRho * factor;
            foreach (var (mode, weights) in new[] { ("ve", scenario.Prosumers.Select(_ => 1.0).ToArray()), ("nne", null as double[]) })
            {
                var outcome = await InProcessMarket.ClearAsync(scenario, defaults with { InitialRho = rho }, weights, cancellationToken: cancellationToken);
                report(new BenchRow("ADMM vs initial rho", $"ieee69 {mode}, rho0 = {rho:G3} $/kW^2", outcome.Iterations, "iterations",
                    $"{outcome.Exit}, {outcome.WallSeconds * 1e3:F0} ms, tolerance 1e-4 relative"));
            }
        }
    }

    private async Task AdmmVersusSizeAsync(CancellationToken cancellationToken)
    {
        var sizes = quick ? new[] { 10, 50, 100, 1000 } : new[] { 10, 50, 100, 1000, 10000 };
        foreach (var size in sizes)
        {
            var scenario = SyntheticScenarioGenerator.Generate(size, seed: 1);
            var outcome = await InProcessMarket.ClearAsync(scenario, new AdmmOptions(), scenario.Prosumers.Select(_ => 1.0).ToArray(),
                cancellationToken: cancellationToken);
            var local = outcome.History.Sum(h => h.LocalSolveSeconds) / outcome.Iterations;
            var network = outcome.History.Sum(h => h.NetworkSeconds) / outcome.Iterations;
            var coordinator = outcome.History.Sum(h => h.CoordinatorSeconds) / outcome.Iterations;
            report(new BenchRow("ADMM vs size", $"synthetic {size} prosumers ({scenario.Feeder.BusCount} buses), ve", outcome.Iterations, "iterations",
                $"{outcome.Exit}; wall {outcome.WallSeconds:F2} s; per iteration: local {local * 1e3:F3} ms, operator {network * 1e3:F3} ms, coordinator {coordinator * 1e3:F3} ms"));
        }
    }
}
