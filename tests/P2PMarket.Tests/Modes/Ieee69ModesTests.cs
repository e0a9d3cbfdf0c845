using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Checking;
using P2PMarket.Clearing.Losses;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Modes;
using P2PMarket.Scenarios;
using Xunit.Abstractions;

namespace P2PMarket.Tests.Modes;

/// <summary>Every mode, and the loss-aware ve, on the shipped modified IEEE 69-bus market (about 10 s).</summary>
[Trait("Category", "Slow")]
public class Ieee69ModesTests(ITestOutputHelper output)
{
    private static readonly ModeRunOptions Options = new(
        new AdmmOptions(RelativeTolerance: 1e-6, AbsoluteTolerance: 1e-8, MaxIterations: 50000),
        Tolerances: new EquilibriumTolerances(CostGapUsd: 1e-4, QuantityKw: 1e-2, TradeDeviationKw: 1, NetworkKw: 1e-2,
            PriceUsdPerKwh: 1e-4, ComplementarityUsd: 1e-3));

    [Fact]
    public async Task EveryModeOnTheModifiedIeee69Market()
    {
        var scenario = ShippedScenarios.Ieee69();
        var runs = (await new MarketModeRunner().RunAllAsync(scenario, Enum.GetValues<MarketMode>(), Options, new InProcessMarketPorts())).ToList();
        var lossAware = await new SuccessiveLinearization().RunAsync(scenario, MarketMode.Variational, Options, new InProcessMarketPorts());
        foreach (var p in lossAware.Passes)
            output.WriteLine($"loss-aware pass {p.Pass}: step {p.StepKw:F2} kW; linear-vs-AC error {p.VoltageErrorPu:E2} p.u., {p.FlowErrorKw:E2} kW, "
                + $"losses {p.LossErrorKw:E2} kW; AC violation {p.AcVoltageViolationPu:E2} p.u., {p.AcFlowViolationKw:E2} kW; {p.Run.Iterations} iterations");
        var discard = runs.Single(r => r.Mode == MarketMode.Discard).Discard!;
        output.WriteLine($"discard: {discard.Stop}, {discard.Dropped.Count} pairs dropped, remaining {string.Join(", ", discard.RemainingViolations)}");
        runs.Add(lossAware.Final);
        output.WriteLine(ModeComparison.Of(runs).ToMarkdown());

        var row = runs.ToDictionary(r => r.Name);
        Assert.All(runs, r => Assert.True(r.Converged, r.Name));
        Assert.True(row["unconstrained"].LinearViolationKw > 100);
        Assert.True(row["oe"].LinearViolationKw <= 1e-6);
        Assert.True(row["discard"].LinearViolationKw < row["unconstrained"].LinearViolationKw);
        Assert.True(discard.Stop == DiscardStop.Feasible || discard.RemainingViolations.Count > 0);
        foreach (var name in new[] { "ve", "nne", "ve-loss-aware" })
            Assert.True(row[name].Result.Equilibrium!.Passes, $"{name}: {string.Join(", ", row[name].Result.Equilibrium!.Failures)}");
        foreach (var name in new[] { "discard", "oe", "nne" })
            Assert.True(row["ve"].Result.Totals.WelfareUsd >= row[name].Result.Totals.WelfareUsd - 1e-3, name);
        // LinDistFlow's ve is AC-infeasible (it overstates the voltage at the binding bus); the loss-aware one is not.
        Assert.True(row["ve"].Result.Totals.VoltageViolationAcPu > 1e-3);
        Assert.True(lossAware.AcFeasible);
        Assert.InRange(lossAware.Passes.Count, 2, 3);
    }
}
