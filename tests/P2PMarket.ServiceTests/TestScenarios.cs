using P2PMarket.Grid;
using P2PMarket.Prosumers;
using P2PMarket.Scenarios;

namespace P2PMarket.ServiceTests;

/// <summary>Small markets built in code for the service tests (fast to clear; the network binds).</summary>
public static class TestScenarios
{
    /// <summary>Id under which <see cref="Radial"/>(6, 5, 1) is registered in the services.</summary>
    public const string Small = "test-small";

    /// <summary>Id under which <see cref="Radial"/>(10, 12, 7) is registered in the services.</summary>
    public const string Medium = "test-medium";

    /// <summary>Registers the test scenarios in a service.</summary>
    public static void Register(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
        Services.Hosting.Scenarios.ScenarioServiceCollectionExtensions.AddScenario(services, Small, () => Radial(6, 5, 2));
        Services.Hosting.Scenarios.ScenarioServiceCollectionExtensions.AddScenario(services, Medium, () => Radial(10, 12, 7));
    }

    /// <summary>A seeded radial feeder with <paramref name="buses"/> buses (a trunk with side branches), limits on the
    /// substation branch and on the branch into the last bus (where sellers crowd), and <paramref name="prosumers"/> prosumers alternating sellers (PV, generation) at the far
    /// end and buyers near the substation, every pair allowed to trade.</summary>
    public static Scenario Radial(int buses, int prosumers, int seed)
    {
        var random = new Random(seed);
        var feederBuses = Enumerable.Range(0, buses).Select(n => new FeederBus(n + 1, n == 0 ? 0 : 20 + 30 * random.NextDouble(), n == 0 ? 0 : 10)).ToList();
        var branches = new List<FeederBranch>();
        for (var n = 1; n < buses; n++)
        {
            var parent = n <= buses / 2 ? n - 1 : random.Next(1, n);
            branches.Add(new FeederBranch(parent, n, 0.3 + 0.4 * random.NextDouble(), 0.2 + 0.2 * random.NextDouble(), n == 1 ? 400.0 * prosumers / 12 : n == buses - 1 ? 150.0 : null));
        }
        var feeder = new Feeder($"radial-{buses}", 12.66, 10, 1.0, feederBuses, branches, "TestScenarios.Radial");
        var list = new List<ProsumerParameters>();
        for (var i = 0; i < prosumers; i++)
        {
            var seller = i % 2 == 0;
            var bus = seller ? buses - 1 - random.Next(0, Math.Max(1, buses / 3)) : 1 + random.Next(0, Math.Max(1, buses / 3));
            list.Add(new ProsumerParameters(
                Id: $"p{i}",
                Bus: bus,
                FixedLoadKw: seller ? 5 : 40 + 40 * random.NextDouble(),
                PvAvailableKw: seller ? 120 + 80 * random.NextDouble() : 10 * random.NextDouble(),
                GenerationMaxKw: seller ? 60 : 10,
                GenerationCostQuadratic: 0.0005 + 0.001 * random.NextDouble(),
                GenerationCostLinear: 0.03 + 0.05 * random.NextDouble(),
                DemandMinKw: seller ? 0 : 10,
                DemandMaxKw: seller ? 20 : 80 + 40 * random.NextDouble(),
                UtilityLinear: 0.15 + 0.15 * random.NextDouble(),
                UtilityQuadratic: 0.001 + 0.002 * random.NextDouble(),
                RetailLimitKw: 150,
                Weight: 0.75 + 0.5 * random.NextDouble()));
        }
        var pairs = new List<TradePair>();
        for (var i = 0; i < prosumers; i++)
        for (var j = i + 1; j < prosumers; j++)
            pairs.Add(new TradePair(i, j, 100));
        return new Scenario($"radial-{buses}-{prosumers}-{seed}", feeder, new VoltageLimits(0.97, 1.03), new RetailPrices(0.25, 0.04), list,
            new TradeGraph(prosumers, pairs), new MarketSettings(MaxIterations: 2000));
    }
}
