using P2PMarket.Clearing.Envelopes;
using P2PMarket.Grid;
using P2PMarket.Tests.Grid;

namespace P2PMarket.Tests.Envelopes;

public class RobustEnvelopeSolverTests
{
    private static readonly VoltageLimits Wide = new(0.5, 1.5);

    [Fact]
    public void LineLimitSharedByTwoProsumersGivesTheHandComputedWidth()
    {
        // fmax: -(P1 + P2) <= 8, fmin: P1 + P2 <= 8 (kW); voltage rows slack. Weights (1, 2), ranges
        // [-10, 10] and [-5, 5]: prosumer 2 takes 5 kW each way (value 2*5), prosumer 1 the remaining 3 kW.
        var rows = new NetworkConstraints(new LinDistFlow(TinyFeeders.TwoBus(limitKw: 8)), Wide);
        var result = new RobustEnvelopeSolver().Solve(rows, [1, 1],
            [new OperatingEnvelope(-10, 10), new OperatingEnvelope(-5, 5)], [1.0, 2.0]);

        Assert.Equal(RobustEnvelopeStatus.Optimal, result.Status);
        Assert.True(result.Anchored);
        Assert.Equal(2 * 3 + 2 * (2 * 5), result.WeightedWidthKw, 1e-5);
        Assert.Equal(new OperatingEnvelope(-3, 3), Round(result.Envelopes[0]));
        Assert.Equal(new OperatingEnvelope(-5, 5), Round(result.Envelopes[1]));
        Assert.True(result.MaxWorstCaseResidualKw <= 0);
    }

    [Fact]
    public void VoltageLimitsOfOneBusGiveTheHandComputedEnvelope()
    {
        // r = 0.01 p.u.: w = 1 + 2e-5 P. vmax 1.05: P <= 0.1025 / 2e-5 = 5125 kW; vmin 0.95: P >= -4875 kW.
        var rows = new NetworkConstraints(new LinDistFlow(TinyFeeders.TwoBus()), new VoltageLimits(0.95, 1.05));
        var result = new RobustEnvelopeSolver().Solve(rows, [1], [new OperatingEnvelope(-10000, 10000)]);

        Assert.Equal(-4875, result.Envelopes[0].MinKw, 1e-4);
        Assert.Equal(5125, result.Envelopes[0].MaxKw, 1e-4);
        Assert.Equal(10000, result.WeightedWidthKw, 1e-4);
    }

    [Fact]
    public void InfeasibleAnchorsAreDroppedAndTheLpStillSolves()
    {
        // Anchors 0 and 5200 kW exceed vmax (5125 kW): boxes anywhere in the ranges. Upper row:
        // OEmax_1 + OEmax_2 <= 5125 with OEmax_2 >= OEmin_2 >= 5200, lower row slack: the optimum is
        // OEmin = (-1000, 5200), OEmax_1 + OEmax_2 = 5125, total width 5125 + 1000 - 5200 = 925 kW.
        var rows = new NetworkConstraints(new LinDistFlow(TinyFeeders.TwoBus()), new VoltageLimits(0.95, 1.05));
        var result = new RobustEnvelopeSolver().Solve(rows, [1, 1],
            [new OperatingEnvelope(-1000, 100), new OperatingEnvelope(5200, 6000)]);

        Assert.False(result.Anchored);
        Assert.Equal(925, result.WeightedWidthKw, 1e-4);
        Assert.True(result.MaxWorstCaseResidualKw <= 0);
    }

    [Fact]
    public void NoFeasibleInjectionThrowsANamedError()
    {
        var rows = new NetworkConstraints(new LinDistFlow(TinyFeeders.TwoBus()), new VoltageLimits(0.95, 1.05));
        var error = Assert.Throws<RobustEnvelopeException>(() =>
            new RobustEnvelopeSolver().Solve(rows, [1], [new OperatingEnvelope(5200, 6000)]));
        Assert.Contains("no robust operating envelopes", error.Message);
        Assert.Contains("vmax@2", error.Message);
    }

    [Fact]
    public void EveryCornerOfTheIeee69BoxesIsFeasible()
    {
        var feeder = Ieee69Fixture.Load();
        // Limits on every ninth branch at 1.2 times the passive flow (+ 50 kW): the base point is feasible.
        var baseFlow = new LinDistFlow(feeder).BaseFlowKw;
        var limits = feeder.Branches.Select((b, l) => l % 9 == 0 ? (double?)(1.2 * baseFlow[l] + 50) : null).ToArray();
        feeder = feeder.WithBranchLimits(limits, "test");
        var rows = new NetworkConstraints(new LinDistFlow(feeder), new VoltageLimits(0.9, 1.05));
        var random = new Random(42);
        var count = 25;
        var buses = Enumerable.Range(0, count).Select(_ => random.Next(1, feeder.BusCount)).ToArray();
        var ranges = Enumerable.Range(0, count)
            .Select(_ => new OperatingEnvelope(-50 - 250 * random.NextDouble(), 50 + 400 * random.NextDouble())).ToArray();

        var result = new RobustEnvelopeSolver().Solve(rows, buses, ranges);

        Assert.True(result.Anchored);
        Assert.True(result.MaxWorstCaseResidualKw <= 0, $"worst-case residual {result.MaxWorstCaseResidualKw} kW");
        for (var i = 0; i < count; i++)
        {
            var e = result.Envelopes[i];
            Assert.True(e.MinKw <= 0 && 0 <= e.MaxKw, $"prosumer {i}: [{e.MinKw}, {e.MaxKw}] must contain 0");
            Assert.True(ranges[i].MinKw <= e.MinKw && e.MaxKw <= ranges[i].MaxKw, $"prosumer {i} outside its range");
        }

        // The worst-case corner of each row, then random corners.
        for (var k = 0; k < rows.RowCount; k++)
        {
            var corner = new double[feeder.BusCount];
            for (var i = 0; i < count; i++)
                corner[buses[i]] += rows.Matrix[k, buses[i]] > 0 ? result.Envelopes[i].MaxKw : result.Envelopes[i].MinKw;
            AssertFeasible(rows, corner, $"worst corner of row {rows.Labels[k]}");
        }
        for (var trial = 0; trial < 500; trial++)
        {
            var corner = new double[feeder.BusCount];
            for (var i = 0; i < count; i++) corner[buses[i]] += random.Next(2) == 0 ? result.Envelopes[i].MinKw : result.Envelopes[i].MaxKw;
            AssertFeasible(rows, corner, $"random corner {trial}");
        }
        // The envelopes are not trivially small: some row is tight at its worst corner.
        Assert.True(result.MaxWorstCaseResidualKw > -1e-3);
    }

    private static void AssertFeasible(NetworkConstraints rows, double[] busInjection, string what)
    {
        var residual = rows.Residual(busInjection);
        for (var k = 0; k < rows.RowCount; k++)
            Assert.True(residual[k] <= 1e-12 * Math.Max(1, Math.Abs(rows.Bound[k])),
                $"{what}: row {rows.Labels[k]} violated by {residual[k]}");
    }

    private static OperatingEnvelope Round(OperatingEnvelope e) => new(Math.Round(e.MinKw, 5), Math.Round(e.MaxKw, 5));
}

public class RobustEnvelopeScenarioTests
{
    [Fact]
    public void TwoProsumerMarketEnvelopesFollowTheBranchLimitAndThePhysicalRanges()
    {
        // gen (bus 1): physical range [0, 100] kW, branch limit 30 kW: [0, 30]. load (substation): physical range
        // [-(20 + 30), -20] kW, moves no row: its whole range, anchored at -20 kW (its injection nearest to 0).
        var scenario = P2PMarket.Tests.Checking.TwoProsumerMarket.Build();
        var result = new RobustEnvelopeSolver().Solve(scenario);

        Assert.True(result.Anchored);
        Assert.Equal(0, result.Envelopes[0].MinKw, 1e-6);
        Assert.Equal(30, result.Envelopes[0].MaxKw, 1e-5);
        Assert.Equal(new OperatingEnvelope(-50, -20), result.Envelopes[1]);
        Assert.Equal(30 + 30, result.WeightedWidthKw, 1e-5);
    }

    [Fact]
    public void PhysicalRangeIntersectsDevicesWithTheMarketSide()
    {
        // Devices allow [-(2 + 8), 6 + 4 - 2 - 1] = [-10, 7] kW; one trade of at most 3 kW and retail 2 kW allow [-5, 5].
        var prosumer = new P2PMarket.Prosumers.ProsumerParameters("p", 1, 2, 4, 6, 0.01, 0.1, 1, 8, 0.3, 0.01, 2);
        var graph = new P2PMarket.Prosumers.TradeGraph(2, [new P2PMarket.Prosumers.TradePair(0, 1, 3)]);
        Assert.Equal(new OperatingEnvelope(-5, 5), InjectionRange.Of(prosumer, graph, 0));
        Assert.Equal(new OperatingEnvelope(-10, 7), InjectionRange.Of(prosumer with { RetailLimitKw = 100 }, graph, 0));

        // A 30 kW fixed load that neither devices nor market can cover.
        var error = Assert.Throws<InvalidOperationException>(() => InjectionRange.Of(prosumer with { FixedLoadKw = 30 }, graph, 0));
        Assert.Contains("'p'", error.Message);
    }
}
