using P2PMarket.Clearing.Checking;
using static P2PMarket.Clearing.Checking.EquilibriumResidualKind;

namespace P2PMarket.Tests.Checking;

public class EquilibriumCheckerTests
{
    private static readonly EquilibriumTolerances Tight = new(CostGapUsd: 1e-9, QuantityKw: 1e-7, TradeDeviationKw: 1e-4,
        NetworkKw: 1e-7, PriceUsdPerKwh: 1e-9, ComplementarityUsd: 1e-9);

    private static EquilibriumResiduals Check(double genWeight, Func<EquilibriumCandidate, EquilibriumCandidate>? perturb = null)
    {
        var scenario = TwoProsumerMarket.Build(genWeight);
        var (decisions, trades, price, mu, weights) = TwoProsumerMarket.Constrained(genWeight);
        var candidate = new EquilibriumCandidate(decisions, trades, price, mu, weights);
        return EquilibriumChecker.Check(scenario, perturb is null ? candidate : perturb(candidate));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(0.5)]
    public void TheHandSolvedEquilibriumPasses(double genWeight)
    {
        var residuals = Check(genWeight);

        Assert.Empty(residuals.Failures(Tight));
        Assert.True(residuals.Passes(Tight));
        Assert.Equal(TwoProsumerMarket.ConstrainedNetworkPrice, residuals.Prosumers[0].NetworkPrice, 1e-12);
        Assert.Equal(TwoProsumerMarket.ConstrainedTradeKw, residuals.Prosumers[0].BestResponse.GenerationKw, 1e-6);
        Assert.Equal(10, residuals.Prosumers[1].BestResponse.FlexibleDemandKw, 1e-6);
    }

    [Fact]
    public void PerturbedTradeFailsReciprocityAndBalance()
    {
        var residuals = Check(1.0, c => c with { Trades = [30.5, -30] });
        var failures = residuals.Failures(Tight);

        Assert.Contains(Reciprocity, failures);
        Assert.Contains(Balance, failures);
        Assert.Equal(0.5, residuals.ReciprocityKw, 1e-12);
        Assert.Equal(0.5, residuals.Prosumers[0].BalanceResidualKw, 1e-12);
        Assert.DoesNotContain(NetworkFeasibility, failures);
        Assert.DoesNotContain(Complementarity, failures);
    }

    [Fact]
    public void PerturbedTradePriceFailsTheBestResponse()
    {
        var residuals = Check(1.0, c => c with { TradePrice = [0.21, 0.21] });
        var failures = residuals.Failures(Tight);

        Assert.Contains(CostGap, failures);
        Assert.Contains(GenerationDeviation, failures);
        Assert.Contains(DemandDeviation, failures);
        Assert.Contains(TradeDeviation, failures);
        Assert.True(residuals.Prosumers[0].CostGap > 0 && residuals.Prosumers[1].CostGap > 0);
        Assert.DoesNotContain(Reciprocity, failures);
        Assert.DoesNotContain(NetworkFeasibility, failures);
        Assert.DoesNotContain(TradePriceAsymmetry, failures);
    }

    [Fact]
    public void AsymmetricTradePriceFails()
    {
        var failures = Check(1.0, c => c with { TradePrice = [TwoProsumerMarket.ConstrainedPrice, 0.2] }).Failures(Tight);
        Assert.Contains(TradePriceAsymmetry, failures);
    }

    [Fact]
    public void MissingNetworkPriceFailsOnlyTheBestResponseOfTheProsumerBehindTheLimit()
    {
        var residuals = Check(1.0, c => c with { Multiplier = [0, 0, 0, 0] });
        var failures = residuals.Failures(Tight);

        Assert.Contains(CostGap, failures);
        Assert.Contains(GenerationDeviation, failures);
        Assert.True(residuals.Prosumers[0].CostGap > 1e-3);
        Assert.Equal(0, residuals.Prosumers[1].CostGap, 1e-9);
        Assert.DoesNotContain(Complementarity, failures);
        Assert.DoesNotContain(MultiplierSign, failures);
    }

    [Fact]
    public void UnequalWeightWithoutRescaledMultiplierFails()
    {
        // r_gen = 2 halves gen's network price unless mu doubles.
        var failures = Check(1.0, c => c with { Weights = [2.0, 1.0] }).Failures(Tight);
        Assert.Contains(CostGap, failures);
    }

    [Fact]
    public void MultiplierOnASlackRowFailsComplementarity()
    {
        // vmax@2 is slack (w = 1.0006 < 1.1025); a multiplier there also moves gen's network price.
        var residuals = Check(1.0, c => c with { Multiplier = [100, 0, 0, TwoProsumerMarket.ConstrainedNetworkPrice] });
        var failures = residuals.Failures(Tight);

        Assert.Contains(Complementarity, failures);
        Assert.Equal(100 * (1.1025 - 1.0006), residuals.Complementarity, 1e-9);
    }

    [Fact]
    public void NegativeMultiplierFailsTheSign()
    {
        var failures = Check(1.0, c => c with { Multiplier = [0, -1e-3, 0, TwoProsumerMarket.ConstrainedNetworkPrice] }).Failures(Tight);
        Assert.Contains(MultiplierSign, failures);
    }

    [Fact]
    public void ReportedNetworkPriceMustBeEtaOverWeight()
    {
        var residuals = Check(2.0, c => c with { NetworkPrice = [TwoProsumerMarket.ConstrainedNetworkPrice * 2, 0] });
        Assert.Equal([NetworkPriceConsistency], residuals.Failures(Tight));
        Assert.Empty(Check(2.0, c => c with { NetworkPrice = [TwoProsumerMarket.ConstrainedNetworkPrice, 0] }).Failures(Tight));
    }

    [Fact]
    public void TheUnconstrainedEquilibriumFailsOnlyNetworkFeasibility()
    {
        var scenario = TwoProsumerMarket.Build();
        var t = TwoProsumerMarket.UnconstrainedTradeKw;
        var candidate = new EquilibriumCandidate(TwoProsumerMarket.Decisions(t), [t, -t],
            [TwoProsumerMarket.UnconstrainedPrice, TwoProsumerMarket.UnconstrainedPrice], [0, 0, 0, 0], [1.0, 1.0]);
        var residuals = EquilibriumChecker.Check(scenario, candidate);

        Assert.Equal([NetworkFeasibility], residuals.Failures(Tight));
        Assert.Equal(t - 30, residuals.RowViolation[3], 1e-9);
        Assert.Equal(t - 30, residuals.NetworkViolationKw, 1e-9);
    }

    [Fact]
    public void DecisionOutsideItsBoundsFailsTheLocalBound()
    {
        // Load's demand 35 kW > Dmax = 30 kW, with trades to match.
        var residuals = Check(1.0, c => c with
        {
            Decisions = [c.Decisions[0] with { GenerationKw = 55, InjectionKw = 55 }, c.Decisions[1] with { FlexibleDemandKw = 35, InjectionKw = -55 }],
            Trades = [55, -55],
        });
        Assert.Contains(LocalBound, residuals.Failures(Tight));
        Assert.Equal(5, residuals.Prosumers[1].LocalBoundViolationKw, 1e-12);
    }
}

public class EquilibriumCheckerTieTests
{
    [Fact]
    public void AnyPvUseAtAPriceTieIsABestResponse()
    {
        // One prosumer at bus 1: PV 10 kW, load 5 kW, retail export 0.04 $/kWh. vmax@2 binds at p = 2.5 kW
        // (Vmax^2 = 1 + 2e-5 * 2.5) with mu = 2000 $/h per p.u.^2: networkPrice = 2000 * 2e-5 = 0.04 $/kWh equals the
        // export price, so every export in [0, 5] kW (PV use 5 + x) costs the same. The stated decision (x = 2.5)
        // need not be the solver's pick: the cost gap is zero and the unique parts (no g, d, t here) agree.
        var feeder = P2PMarket.Tests.Envelopes.TinyFeeders.TwoBus();
        var vmax = Math.Sqrt(1 + 2e-5 * 2.5);
        var scenario = new P2PMarket.Scenarios.Scenario("tie", feeder, new P2PMarket.Grid.VoltageLimits(0.95, vmax),
            new P2PMarket.Prosumers.RetailPrices(0.25, 0.04),
            [new P2PMarket.Prosumers.ProsumerParameters("pv", 1, 5, 10, 0, 0.001, 0, 0, 0, 0, 0.01, 10)],
            new P2PMarket.Prosumers.TradeGraph(1, []), new P2PMarket.Scenarios.MarketSettings());
        var stated = new P2PMarket.Prosumers.LocalDecision(0, 7.5, 0, 0, 2.5, 2.5, 0, 0);
        var residuals = EquilibriumChecker.Check(scenario, new EquilibriumCandidate([stated], [], [], [2000, 0], [1.0]));

        Assert.Equal(0.04, residuals.Prosumers[0].NetworkPrice, 1e-12);
        Assert.Equal(0, residuals.Prosumers[0].CostGap, 1e-12);
        Assert.Empty(residuals.Failures(new EquilibriumTolerances(CostGapUsd: 1e-9, QuantityKw: 1e-7, ComplementarityUsd: 1e-9)));
    }
}
