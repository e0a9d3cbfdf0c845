using P2PMarket.Grid;
using P2PMarket.Prosumers;
using P2PMarket.Scenarios;

namespace P2PMarket.Tests.Reference;

/// <summary>
/// Small random feasible scenarios for property tests: a 6-10 bus random radial low-voltage feeder (base 0.4 kV,
/// 0.1 MVA, voltage limits 0.97..1.03 p.u.), 5-15 prosumers with random private data, a random connected trading
/// graph (a spanning tree plus extra pairs). Thermal limits are set 10-50 kW above the passive flow on most
/// branches and PV reaches 60 kW, so that voltage and line limits bind in many seeds. Feasibility is guaranteed by construction and checked: every
/// prosumer can reach the injection closest to 0 and balance it with its retail contract, and the network admits
/// those injections; a draw that fails is redrawn from the same generator.
/// </summary>
public static class RandomScenario
{
    public static Scenario Create(int seed)
    {
        var rng = new Random(seed);
        while (true)
        {
            var scenario = Draw(rng, seed);
            if (IsFeasibleAtNearestToZero(scenario)) return scenario;
        }
    }

    private static Scenario Draw(Random rng, int seed)
    {
        var busCount = rng.Next(6, 11);
        var buses = new FeederBus[busCount];
        buses[0] = new FeederBus(0, 0, 0);
        var branches = new FeederBranch[busCount - 1];
        for (var k = 1; k < busCount; k++)
        {
            var load = rng.NextDouble() * 3;
            buses[k] = new FeederBus(k, load, 0.4 * load);
            var parent = rng.Next(Math.Max(0, k - 3), k);
            branches[k - 1] = new FeederBranch(parent, k, 0.05 + 0.07 * rng.NextDouble(), 0.02 + 0.04 * rng.NextDouble(), null);
        }
        var feeder = new Feeder($"random-{seed}", 0.4, 0.1, 1.0, buses, branches, $"RandomScenario({seed})");
        var model = new LinDistFlow(feeder);
        var limits = Enumerable.Range(0, busCount - 1)
            .Select(l => rng.NextDouble() < 0.6 ? Math.Abs(model.BaseFlowKw[l]) + 10 + 40 * rng.NextDouble() : (double?)null)
            .ToArray();
        feeder = feeder.WithBranchLimits(limits, $"RandomScenario({seed})");

        var prosumerCount = rng.Next(5, 16);
        var prosumers = new ProsumerParameters[prosumerCount];
        for (var i = 0; i < prosumerCount; i++)
        {
            var load = 10 * rng.NextDouble();
            var pv = rng.NextDouble() < 0.5 ? 60 * rng.NextDouble() : 0;
            var gmax = rng.NextDouble() < 0.4 ? 5 + 25 * rng.NextDouble() : 0;
            var dmin = rng.NextDouble() < 0.3 ? 5 * rng.NextDouble() : 0;
            var dmax = dmin + (rng.NextDouble() < 0.8 ? 30 * rng.NextDouble() : 0);
            var deficit = Math.Max(0, load + dmin - gmax - pv);
            var retail = rng.NextDouble() < 0.6 ? deficit + 10 + 40 * rng.NextDouble() : deficit;
            prosumers[i] = new ProsumerParameters(
                Id: $"p{i}",
                Bus: rng.Next(1, busCount),
                FixedLoadKw: load,
                PvAvailableKw: pv,
                GenerationMaxKw: gmax,
                GenerationCostQuadratic: 0.001 + 0.009 * rng.NextDouble(),
                GenerationCostLinear: 0.02 + 0.18 * rng.NextDouble(),
                DemandMinKw: dmin,
                DemandMaxKw: dmax,
                UtilityLinear: 0.1 + 0.3 * rng.NextDouble(),
                UtilityQuadratic: 0.001 + 0.009 * rng.NextDouble(),
                RetailLimitKw: retail);
        }

        var pairs = new HashSet<(int, int)>();
        for (var i = 1; i < prosumerCount; i++)
        {
            var j = rng.Next(i);
            pairs.Add((j, i));
        }
        for (var i = 0; i < prosumerCount; i++)
        for (var j = i + 1; j < prosumerCount; j++)
            if (rng.NextDouble() < 0.2) pairs.Add((i, j));
        var tradePairs = pairs.OrderBy(p => p.Item1).ThenBy(p => p.Item2)
            .Select(p => new TradePair(p.Item1, p.Item2, LimitKw: 10 + 40 * rng.NextDouble()))
            .ToArray();
        return new Scenario($"random-{seed}", feeder, new VoltageLimits(0.97, 1.03), new RetailPrices(0.25, 0.05),
            prosumers, new TradeGraph(prosumerCount, tradePairs), new MarketSettings());
    }

    /// <summary>Each prosumer at the injection nearest 0 (balanced by retail, no trades) satisfies <c>A P &lt;= b</c>.</summary>
    private static bool IsFeasibleAtNearestToZero(Scenario scenario)
    {
        var network = scenario.BuildNetworkConstraints();
        var busInjection = new double[network.BusCount];
        foreach (var p in scenario.Prosumers)
        {
            var most = p.GenerationMaxKw + p.PvAvailableKw - p.FixedLoadKw - p.DemandMinKw;
            var least = -p.FixedLoadKw - p.DemandMaxKw;
            busInjection[p.Bus] += Math.Clamp(0, least, Math.Max(least, most));
        }
        return network.Residual(busInjection).All(r => r <= 0);
    }
}
