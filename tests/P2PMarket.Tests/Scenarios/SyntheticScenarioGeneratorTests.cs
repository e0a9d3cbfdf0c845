using System.Diagnostics;
using P2PMarket.Grid;
using P2PMarket.Scenarios;
using P2PMarket.Scenarios.Synthetic;

namespace P2PMarket.Tests.Scenarios;

/// <summary>Synthetic benchmark markets: reproducible, sized with the population, feasible at the base point.</summary>
public class SyntheticScenarioGeneratorTests
{
    [Fact]
    public void SameSeedGivesIdenticalJsonAndAnotherSeedDoesNot()
    {
        var first = ScenarioWriter.Write(SyntheticScenarioGenerator.Generate(500, seed: 42));
        var again = ScenarioWriter.Write(SyntheticScenarioGenerator.Generate(500, seed: 42));
        var other = ScenarioWriter.Write(SyntheticScenarioGenerator.Generate(500, seed: 43));
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData(10, 11)]
    [InlineData(37, 11)]
    [InlineData(100, 21)]
    [InlineData(1000, 201)]
    [InlineData(10_000, 2001)]
    public void PopulationFeederAndTradingGraphHaveTheRequestedShape(int prosumers, int buses)
    {
        var s = SyntheticScenarioGenerator.Generate(prosumers, seed: 1);

        Assert.Equal(prosumers, s.Prosumers.Count);
        Assert.Equal(buses, s.Feeder.BusCount);
        Assert.Equal(prosumers, s.Prosumers.Select(p => p.Id).Distinct().Count());
        var g = s.Trades;
        for (var i = 0; i < prosumers; i++) Assert.InRange(g.PartnerCount(i), 3, 6);
        Assert.Equal(prosumers, TradeGraphChecks.ReachableCount(g));
        Assert.Contains(s.Feeder.Branches, b => b.LimitKw is not null);
        if (prosumers < 1000) return;
        // The mix: about 30 % PV-rich, 35 % flexible consumers, 20 % mixed, 10 % generators, 5 % plain.
        Assert.InRange(s.Prosumers.Count(p => p.GenerationMaxKw > 0), 0.07 * prosumers, 0.13 * prosumers);
        Assert.InRange(s.Prosumers.Count(p => p.PvAvailableKw > 0), 0.45 * prosumers, 0.55 * prosumers);
        Assert.InRange(s.Prosumers.Count(p => p.DemandMaxKw > 0), 0.80 * prosumers, 0.90 * prosumers);
    }

    [Theory]
    [InlineData(200, 3)]
    [InlineData(10_000, 5)]
    public void BasePointIsFeasible(int prosumers, int seed)
    {
        var s = SyntheticScenarioGenerator.Generate(prosumers, seed);
        // P = 0 is the passive operating point: LinDistFlow voltages and flows against the limits directly
        // (equivalent to NetworkConstraints.Residual(0) <= 0 without building the dense rows).
        var model = new LinDistFlow(s.Feeder);
        var vmin2 = s.VoltageLimits.MinPu * s.VoltageLimits.MinPu;
        var vmax2 = s.VoltageLimits.MaxPu * s.VoltageLimits.MaxPu;
        Assert.All(model.BaseSquaredVoltage, w => Assert.InRange(w, vmin2, vmax2));
        Assert.Equal(0.97, Math.Sqrt(model.BaseSquaredVoltage.Min()), 1e-4);
        for (var l = 0; l < s.Feeder.Branches.Count; l++)
            if (s.Feeder.Branches[l].LimitKw is { } limit)
                Assert.True(Math.Abs(model.BaseFlowKw[l]) < limit, $"branch {l}: base flow {model.BaseFlowKw[l]} kW, limit {limit} kW");
    }

    [Fact]
    public void LimitsCanBindWhenProsumersSwing()
    {
        var s = SyntheticScenarioGenerator.Generate(200, seed: 3);
        var rows = s.BuildNetworkConstraints();
        Assert.All(rows.Residual(new double[s.Feeder.BusCount]), r => Assert.True(r <= 0));

        // The market ignoring the grid (copper plate) overloads a line; all prosumers at full consumption also pull
        // voltages below Vmin; all at full production overload a line backwards.
        var (_, bus) = new CopperPlateDispatch(s).Unconstrained();
        var consume = new double[s.Feeder.BusCount];
        var produce = new double[s.Feeder.BusCount];
        foreach (var p in s.Prosumers)
        {
            consume[p.Bus] -= p.FixedLoadKw + p.DemandMaxKw;
            produce[p.Bus] += p.PvAvailableKw + p.GenerationMaxKw - p.FixedLoadKw - p.DemandMinKw;
        }
        bool Violated(double[] injection, params P2PMarket.Grid.NetworkRowKind[] kinds)
        {
            var residual = rows.Residual(injection);
            return Enumerable.Range(0, residual.Length).Any(k => residual[k] > 0 && kinds.Contains(rows.Kinds[k]));
        }
        Assert.True(Violated(bus, NetworkRowKind.FlowMax, NetworkRowKind.FlowMin));
        Assert.True(Violated(consume, NetworkRowKind.VoltageMin));
        Assert.True(Violated(consume, NetworkRowKind.FlowMax));
        Assert.True(Violated(produce, NetworkRowKind.FlowMin));
    }

    [Fact]
    public void TenThousandProsumersTakeUnderASecond()
    {
        SyntheticScenarioGenerator.Generate(100, seed: 0); // JIT
        var clock = Stopwatch.StartNew();
        var s = SyntheticScenarioGenerator.Generate(10_000, seed: 9);
        clock.Stop();
        Assert.Equal(10_000, s.Prosumers.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void GeneratedScenariosPassTheLoader()
    {
        foreach (var n in new[] { 1, 2, 3, 10, 250 })
        {
            var s = SyntheticScenarioGenerator.Generate(n, seed: n);
            ScenarioRoundTripTests.AssertIdentical(s, ScenarioLoader.Parse(ScenarioWriter.Write(s), $"synthetic-{n}.json"));
        }
    }
}
