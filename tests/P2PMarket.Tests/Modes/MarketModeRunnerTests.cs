using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Checking;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Modes;
using P2PMarket.Prosumers;
using Xunit.Abstractions;

namespace P2PMarket.Tests.Modes;

public class MarketModeRunnerTests(ITestOutputHelper output)
{
    private const double FeasibleKw = 1e-3;

    // Trades are unique only through the 1e-6 friction, so a cost gap of 1e-7 $ allows ~0.4 kW of trade deviation
    // (EquilibriumTolerances); the cost gap is the primary check.
    private static readonly ModeRunOptions Options = new(
        new AdmmOptions(RelativeTolerance: 1e-6, AbsoluteTolerance: 1e-8, MaxIterations: 20000),
        Weights: [1.0, 1.5, 0.7, 1.6],
        FeasibilityToleranceKw: FeasibleKw,
        Tolerances: new EquilibriumTolerances(CostGapUsd: 1e-5, QuantityKw: 1e-3, TradeDeviationKw: 0.5, NetworkKw: 1e-3,
            PriceUsdPerKwh: 1e-5, ComplementarityUsd: 1e-4));

    private static Task<ModeRun> Run(MarketMode mode, int shards = 1) =>
        new MarketModeRunner().RunAsync(ChainMarket.Build(), mode, Options, new InProcessMarketPorts(shards));

    [Fact]
    public async Task TheUnconstrainedMarketOverloadsTheLastLine()
    {
        var run = await Run(MarketMode.Unconstrained);
        Assert.True(run.Converged);
        Assert.Equal("unconstrained", run.Result.Mode);
        Assert.True(run.LinearViolationKw > 40, $"linear violation {run.LinearViolationKw} kW");
        Assert.True(run.Result.Totals.FlowViolationAcKw > 40, $"AC flow violation {run.Result.Totals.FlowViolationAcKw} kW");
        Assert.Contains(run.Result.NetworkRows, r => r.Label == "fmin@3-4" && r.Value > r.Bound + 40);
        Assert.Null(run.Result.Equilibrium);
        Assert.Equal(0.0, run.Result.Totals.OperatorSurplusUsd);
    }

    [Fact]
    public async Task DiscardDropsTheOverloadingTradesUntilTheMarketIsFeasible()
    {
        var run = await Run(MarketMode.Discard);
        var report = run.Discard!;
        output.WriteLine(string.Join("\n", report.Dropped));
        Assert.Equal(DiscardStop.Feasible, report.Stop);
        Assert.Empty(report.RemainingViolations);
        Assert.True(run.LinearViolationKw <= FeasibleKw, $"linear violation {run.LinearViolationKw} kW");
        Assert.NotEmpty(report.Dropped);
        // Only sales from the end bus upstream load the line: first the PV's; then "home", at the PV's bus, relays
        // the PV's energy upstream (it still trades with both sides), and its resales are dropped in turn.
        Assert.Equal(("pv", "shop"), (report.Dropped[0].SellerId, report.Dropped[0].BuyerId));
        Assert.All(report.Dropped, d => Assert.Contains(d.SellerId, new[] { "pv", "home" }));
        Assert.All(report.Dropped, d => Assert.DoesNotContain(d.BuyerId, new[] { "pv", "home" }));
        Assert.All(report.Dropped, d => Assert.Equal("fmin@3-4", d.RowLabel));
        Assert.Equal(report.Dropped.Count + 1, run.Outcomes.Count);
        Assert.Equal(run.Outcomes.Sum(o => o.Iterations), run.Iterations);
        Assert.Equal(run.Iterations, run.Result.Clearing.Iterations);

        // A dropped pair trades nothing in the final clearing.
        var graph = ChainMarket.Build().Trades;
        var final = run.Outcomes[^1];
        foreach (var d in report.Dropped)
            for (var s = 0; s < graph.SlotCount; s++)
                if (graph.PairIndexOf(s) == d.PairIndex) Assert.Equal(0.0, final.Trades[s]);
    }

    [Fact]
    public async Task DiscardReportsViolationsNoTradeCanRemove()
    {
        // Without trading partners the PV exports to the retailer: the overload is not a trade's, nothing can be dropped.
        var scenario = ChainMarket.Build();
        scenario = scenario with
        {
            Prosumers = scenario.Prosumers.Select(p => p.Id == "pv" ? p with { RetailLimitKw = 250 } : p).ToArray(),
            Trades = new TradeGraph(scenario.Prosumers.Count, []),
        };
        var run = await new MarketModeRunner().RunAsync(scenario, MarketMode.Discard, Options, new InProcessMarketPorts());
        Assert.Equal(DiscardStop.NoContributingTrade, run.Discard!.Stop);
        Assert.Empty(run.Discard.Dropped);
        var violation = Assert.Single(run.Discard.RemainingViolations);
        Assert.Equal("fmin@3-4", violation.Label);
        // Row fmin@3-4 reads P_4 - 30 <= 80 (passive load 30 kW at bus 4): the PV exports 240 kW, "home" imports.
        var endInjection = run.Result.Prosumers.Where(p => p.Id is "pv" or "home").Sum(p => p.InjectionKw);
        Assert.Equal(endInjection - 30 - 80, violation.ViolationKw, 1e-9);
        Assert.Equal(240, run.Result.Prosumers[0].InjectionKw, 1e-9);
    }

    [Fact]
    public async Task TheOperatingEnvelopeMarketKeepsEveryInjectionInItsBoxAndIsFeasible()
    {
        var run = await Run(MarketMode.OperatingEnvelope);
        Assert.True(run.Converged);
        var envelopes = run.Envelopes!.Envelopes;
        Assert.True(run.Envelopes.MaxWorstCaseResidualKw <= 0, "the boxes are robust");
        for (var i = 0; i < envelopes.Count; i++)
        {
            var p = run.Result.Prosumers[i];
            Assert.True(envelopes[i].Contains(p.InjectionKw, 1e-9), $"{p.Id}: {p.InjectionKw} kW outside [{envelopes[i].MinKw}, {envelopes[i].MaxKw}]");
            Assert.Equal(envelopes[i].MinKw, p.StaticEnvelope!.MinKw!.Value, 12);
        }
        Assert.True(run.LinearViolationKw <= 1e-9, $"linear violation {run.LinearViolationKw} kW");
        Assert.Equal(0.0, run.Result.Totals.OperatorSurplusUsd);
        Assert.True(envelopes[0].MaxKw < 240, "the PV's envelope is below its unconstrained injection");
    }

    [Theory]
    [InlineData(MarketMode.Variational)]
    [InlineData(MarketMode.Normalized)]
    public async Task VeAndNnePassTheEquilibriumChecker(MarketMode mode)
    {
        var run = await Run(mode);
        Assert.True(run.Converged);
        var equilibrium = run.Result.Equilibrium!;
        Assert.True(equilibrium.Passes, $"{run.Name}: {string.Join(", ", equilibrium.Failures)}");
        Assert.True(run.LinearViolationKw <= FeasibleKw);
        Assert.Contains(run.Result.NetworkRows, r => r.Label == "fmin@3-4" && r.Binding && r.Multiplier > 0);
        var weights = mode == MarketMode.Variational ? [1.0, 1.0, 1.0, 1.0] : Options.Weights!;
        Assert.Equal(weights, run.Result.Prosumers.Select(p => p.Weight));
    }

    [Fact]
    public async Task TheComparisonRanksVeFirstAmongTheFeasibleModes()
    {
        var runs = await new MarketModeRunner().RunAllAsync(ChainMarket.Build(), Enum.GetValues<MarketMode>(), Options, new InProcessMarketPorts());
        var comparison = ModeComparison.Of(runs);
        output.WriteLine(comparison.ToMarkdown());
        Assert.Equal(["unconstrained", "discard", "oe", "ve", "nne"], comparison.Rows.Select(r => r.Mode));
        var row = comparison.Rows.ToDictionary(r => r.Mode);
        // VE is the welfare optimum subject to A P <= b: no feasible mode does better; ignoring the grid does.
        foreach (var feasible in new[] { "discard", "oe", "nne" })
            Assert.True(row["ve"].WelfareUsd >= row[feasible].WelfareUsd - 1e-4, $"ve {row["ve"].WelfareUsd} < {feasible} {row[feasible].WelfareUsd}");
        Assert.True(row["unconstrained"].WelfareUsd > row["ve"].WelfareUsd);
        Assert.True(row["nne"].WelfareUsd < row["ve"].WelfareUsd - 1e-4, "unequal weights move the NNE away from the optimum");
        Assert.All(comparison.Rows, r => Assert.Equal(4, r.PayoffUsd.Count));
        Assert.Equal(comparison.Rows.Count + 2, comparison.ToMarkdown().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task ShardingTheProsumersDoesNotChangeTheResult()
    {
        var one = await Run(MarketMode.Normalized, 1);
        var three = await Run(MarketMode.Normalized, 3);
        Assert.Equal(one.Iterations, three.Iterations);
        Assert.Equal(one.Outcomes[^1].Trades, three.Outcomes[^1].Trades);
        Assert.Equal(one.Outcomes[^1].Multiplier, three.Outcomes[^1].Multiplier);
    }
}
