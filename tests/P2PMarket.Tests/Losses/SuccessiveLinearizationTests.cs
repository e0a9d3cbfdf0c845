using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Checking;
using P2PMarket.Clearing.Losses;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Modes;
using Xunit.Abstractions;

namespace P2PMarket.Tests.Losses;

public class SuccessiveLinearizationTests(ITestOutputHelper output)
{
    private const double VoltageTolerancePu = 1e-4;

    private static readonly ModeRunOptions Options = new(
        new AdmmOptions(RelativeTolerance: 1e-7, AbsoluteTolerance: 1e-9, MaxIterations: 20000),
        Weights: [1.0, 2.0],
        Tolerances: new EquilibriumTolerances(CostGapUsd: 1e-5, QuantityKw: 1e-3, TradeDeviationKw: 0.5, NetworkKw: 1e-3,
            PriceUsdPerKwh: 1e-5, ComplementarityUsd: 1e-4));

    private static Task<SuccessiveLinearizationResult> LossAware(MarketMode mode = MarketMode.Variational) =>
        new SuccessiveLinearization(new SuccessiveLinearizationOptions(VoltageTolerancePu: VoltageTolerancePu))
            .RunAsync(LossyChainMarket.Build(), mode, Options, new InProcessMarketPorts());

    [Fact]
    public async Task TheLossAwareMarketEndsAcFeasibleWhereTheLosslessOneIsNot()
    {
        var scenario = LossyChainMarket.Build();
        var lossless = await new MarketModeRunner().RunAsync(scenario, MarketMode.Variational, Options, new InProcessMarketPorts());
        var result = await LossAware();
        foreach (var p in result.Passes)
            output.WriteLine($"pass {p.Pass}: step {p.StepKw:F2} kW, linear-vs-AC error {p.VoltageErrorPu:E2} p.u. / {p.FlowErrorKw:E2} kW / "
                + $"loss {p.LossErrorKw:E2} kW, AC Vmin violation {p.AcVoltageViolationPu:E2} p.u., trade {p.Run.Result.Prosumers[0].InjectionKw:F2} kW");

        // Lossless: vmin@4 binds on LinDistFlow, which overstates the AC voltage by more than 1e-3 p.u. there.
        Assert.Equal("converged", lossless.Result.Clearing.Exit);
        Assert.Contains(lossless.Result.NetworkRows, r => r.Label == "vmin@4" && r.Binding && r.Multiplier > 0);
        Assert.True(lossless.Result.Totals.VoltageViolationAcPu > 1e-3, $"lossless AC violation {lossless.Result.Totals.VoltageViolationAcPu} p.u.");

        // Loss-aware: AC-feasible after a re-linearization, still an equilibrium on its own rows, with less trade.
        Assert.True(result.AcFeasible);
        Assert.InRange(result.Passes.Count, 2, 4);
        Assert.False(result.Passes[0].AcFeasible);
        var final = result.Final;
        Assert.Equal("ve-loss-aware", final.Result.Mode);
        Assert.True(final.Result.Totals.VoltageViolationAcPu <= VoltageTolerancePu, $"AC violation {final.Result.Totals.VoltageViolationAcPu} p.u.");
        Assert.True(final.Result.Equilibrium!.Passes, string.Join(", ", final.Result.Equilibrium.Failures));
        Assert.Contains(final.Result.NetworkRows, r => r.Label == "vmin@4" && r.Binding && r.Multiplier > 0);
        Assert.True(final.Result.Prosumers[0].InjectionKw < lossless.Result.Prosumers[0].InjectionKw - 10);
        Assert.True(result.Passes[^1].VoltageErrorPu < result.Passes[0].VoltageErrorPu / 10, "the linearization error shrinks as the point converges");

        // The row values are the loss-aware prediction: close to the AC squared voltage at the cleared point.
        var row = final.Result.NetworkRows.Single(r => r.Label == "vmin@4");
        var acVoltage = final.Result.Buses[3].VoltageAcPu;
        Assert.Equal(-acVoltage * acVoltage, row.Value, 2 * VoltageTolerancePu);
    }

    [Fact]
    public async Task TheLossAwareDlmpsCarryTheLossComponent()
    {
        var scenario = LossyChainMarket.Build();
        var lossless = await new MarketModeRunner().RunAsync(scenario, MarketMode.Variational, Options, new InProcessMarketPorts());
        Assert.All(lossless.Result.Buses, b => Assert.Equal(0.0, b.Dlmp.LossUsdPerKwh));

        var result = await LossAware();
        var last = result.Passes[^1];
        var lossFactor = AcSensitivities.At(scenario.Feeder, last.LinearizationPointKw.ToArray()).LossFactor;
        var buses = last.Run.Result.Buses;
        var energy = last.Run.Result.Totals.EnergyPriceUsdPerKwh!.Value;
        for (var n = 0; n < buses.Count; n++)
        {
            Assert.Equal(-energy * lossFactor[n], buses[n].Dlmp.LossUsdPerKwh!.Value, 1e-12);
            Assert.Equal(energy + buses[n].Dlmp.CongestionUsdPerKwh + buses[n].Dlmp.VoltageUsdPerKwh + buses[n].Dlmp.LossUsdPerKwh!.Value,
                buses[n].Dlmp.TotalUsdPerKwh!.Value, 1e-12);
        }
        // Consuming further from the substation causes more losses.
        Assert.Equal(0.0, buses[0].Dlmp.LossUsdPerKwh);
        Assert.True(buses[1].Dlmp.LossUsdPerKwh > 0);
        Assert.True(buses[2].Dlmp.LossUsdPerKwh > buses[1].Dlmp.LossUsdPerKwh);
        Assert.True(buses[3].Dlmp.LossUsdPerKwh > buses[2].Dlmp.LossUsdPerKwh);
    }

    [Fact]
    public async Task TheNormalizedMarketCanBeLossAwareToo()
    {
        var result = await LossAware(MarketMode.Normalized);
        Assert.True(result.AcFeasible);
        Assert.Equal("nne-loss-aware", result.Final.Result.Mode);
        Assert.Equal([1.0, 2.0], result.Final.Result.Prosumers.Select(p => p.Weight));
        Assert.True(result.Final.Result.Equilibrium!.Passes, string.Join(", ", result.Final.Result.Equilibrium.Failures));
    }

    [Fact]
    public async Task OnlyMarketsThatPriceTheNetworkCanBeLossAware()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => new SuccessiveLinearization()
            .RunAsync(LossyChainMarket.Build(), MarketMode.OperatingEnvelope, Options, new InProcessMarketPorts()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuccessiveLinearization(new SuccessiveLinearizationOptions(MaxPasses: 0)));
    }
}
