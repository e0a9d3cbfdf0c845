using System.Diagnostics;
using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Network;
using P2PMarket.Clearing.Ports;
using P2PMarket.Scenarios.Synthetic;
using Xunit.Abstractions;

namespace P2PMarket.Tests.Network;

/// <summary>Runs only when the environment variable <c>P2PMARKET_BENCHMARK</c> is set: a measurement run by hand,
/// never a timed assertion. <c>P2PMARKET_BENCHMARK=1 dotnet test -c Release --filter FullyQualifiedName~OperatorStepBenchmark
/// --logger "console;verbosity=detailed"</c>.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("P2PMARKET_BENCHMARK")))
            Skip = "benchmark: set P2PMARKET_BENCHMARK=1 to run";
    }
}

/// <summary>The network operator's step on the 10,000-prosumer synthetic feeder (about 2,000 buses): time per step
/// inside an in-process clearing, the clearing's total time, and isolated steps at the cleared injections.</summary>
public class OperatorStepBenchmark(ITestOutputHelper output)
{
    [BenchmarkFact]
    public async Task OperatorStepOnTheSyntheticTenThousandProsumerMarket()
    {
        var scenario = SyntheticScenarioGenerator.Generate(10000, 1);
        var watch = Stopwatch.StartNew();
        var constraints = scenario.BuildNetworkConstraints();
        var buildSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var updater = new NetworkPriceUpdater(constraints);
        var updaterSeconds = watch.Elapsed.TotalSeconds;
        output.WriteLine($"{scenario.Feeder.BusCount} buses, {constraints.RowCount} rows, {scenario.Prosumers.Count} prosumers; "
            + $"operator on {updater.Rows.GetType().Name}");
        output.WriteLine($"constraints built in {buildSeconds:F2} s, operator set up in {updaterSeconds:F2} s");

        watch.Restart();
        var outcome = await InProcessMarket.ClearAsync(scenario, new AdmmOptions());
        var totalSeconds = watch.Elapsed.TotalSeconds;
        var network = outcome.History.Select(h => h.NetworkSeconds).Order().ToArray();
        var local = outcome.History.Sum(h => h.LocalSolveSeconds);
        output.WriteLine($"clearing: {outcome.Exit} after {outcome.Iterations} iterations, {totalSeconds:F2} s in all "
            + $"(loop {outcome.WallSeconds:F2} s); operator {network.Sum():F2} s, mean {1e3 * network.Average():F3} ms, "
            + $"median {1e3 * network[network.Length / 2]:F3} ms, max {1e3 * network[^1]:F3} ms per step; local solves {local:F2} s");

        // Isolated steps at the cleared injections with a zero dual step (activities, eta, and headroom).
        var injection = new double[scenario.Feeder.BusCount];
        for (var i = 0; i < scenario.Prosumers.Count; i++) injection[scenario.Prosumers[i].Bus] += outcome.Decisions[i].InjectionKw;
        var result = new NetworkStepResult(scenario.Feeder.BusCount, constraints.RowCount);
        const int repeats = 20;
        foreach (var includeHeadroom in new[] { false, true })
        {
            updater.Step(injection, 0, result, includeHeadroom);
            watch.Restart();
            for (var r = 0; r < repeats; r++) updater.Step(injection, 0, result, includeHeadroom);
            output.WriteLine($"isolated step (zero dual step, {(includeHeadroom ? "with" : "without")} headroom): "
                + $"{1e3 * watch.Elapsed.TotalSeconds / repeats:F3} ms");
        }
    }
}
