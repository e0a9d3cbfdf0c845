using P2PMarket.Clearing.Envelopes;
using P2PMarket.Clearing.Results;
using P2PMarket.Tests.Checking;

namespace P2PMarket.Tests.Results;

public class MarketResultBuilderTests
{
    internal static MarketResult BuildConstrained(bool checkEquilibrium = false, double genWeight = 1.0)
    {
        var scenario = TwoProsumerMarket.Build(genWeight);
        var (decisions, trades, price, mu, weights) = TwoProsumerMarket.Constrained(genWeight);
        var cleared = new ClearedMarket(genWeight == 1.0 ? "ve" : "nne", decisions, trades, price, mu, weights) { Exit = "converged", Iterations = 12 };
        return new MarketResultBuilder(checkEquilibrium: checkEquilibrium).Build(scenario, cleared);
    }

    [Fact]
    public void SettlementOfTheHandSolvedMarket()
    {
        var result = BuildConstrained();
        const double t = TwoProsumerMarket.ConstrainedTradeKw, y = TwoProsumerMarket.ConstrainedPrice, eta = TwoProsumerMarket.ConstrainedNetworkPrice;
        var frictionAndFee = TwoProsumerMarket.Fee * t + 0.5 * TwoProsumerMarket.Friction * t * t;

        var gen = result.Prosumers[0];
        var genCost = 0.001 * t * t + 0.05 * t + frictionAndFee;
        Assert.Equal(genCost, gen.CostUsd, 1e-12);
        Assert.Equal(y * t, gen.TradeRevenueUsd, 1e-12);
        Assert.Equal(eta, gen.NetworkPriceUsdPerKwh, 1e-12);
        Assert.Equal(eta * t, gen.NetworkChargeUsd, 1e-12);
        Assert.Equal(-genCost + y * t - eta * t, gen.PayoffUsd, 1e-12);
        Assert.Equal(2, gen.BusLabel);
        Assert.Equal("load", Assert.Single(gen.Trades).PartnerId);

        var load = result.Prosumers[1];
        var loadCost = -(0.3 * 10 - 0.005 * 100) + frictionAndFee;
        Assert.Equal(loadCost, load.CostUsd, 1e-12);
        Assert.Equal(-y * t, load.TradeRevenueUsd, 1e-12);
        Assert.Equal(-loadCost - y * t, load.PayoffUsd, 1e-12);
        Assert.Equal(new EnvelopeResult(null, null), load.DynamicEnvelope); // the substation bus moves no row

        Assert.Equal(-(genCost + loadCost), result.Totals.WelfareUsd, 1e-12);
        Assert.Equal(eta * t, result.Totals.OperatorSurplusUsd, 1e-12);
        Assert.Equal(result.Totals.WelfareUsd - result.Totals.OperatorSurplusUsd, result.Totals.PayoffSumUsd, 1e-12);
        Assert.Equal(t, result.Totals.TradedVolumeKw, 1e-12);
        Assert.Equal(y, result.Totals.EnergyPriceUsdPerKwh!.Value, 1e-12);
        Assert.Equal("trades", result.Totals.EnergyPriceSource);
    }

    [Fact]
    public void PricesRowsAndNetworkStateOfTheHandSolvedMarket()
    {
        var result = BuildConstrained();
        const double y = TwoProsumerMarket.ConstrainedPrice, eta = TwoProsumerMarket.ConstrainedNetworkPrice;

        // Consuming at bus 1 relieves the reverse flow: its DLMP is the energy price minus eta.
        var bus = result.Buses[1];
        Assert.Equal(y - eta, bus.Dlmp.TotalUsdPerKwh!.Value, 1e-12);
        Assert.Equal(-eta, bus.Dlmp.CongestionUsdPerKwh, 1e-12);
        Assert.Equal(0, bus.Dlmp.VoltageUsdPerKwh);
        Assert.Equal(Math.Sqrt(1 + 2e-5 * 30), bus.VoltageLinearPu, 1e-12);
        Assert.InRange(bus.VoltageAcPu, 1.0002, 1.0004);
        // The trade from bus 1 to the substation bears DLMP_0 - DLMP_1 = eta per kWh.
        Assert.Equal(eta, result.Prosumers[0].Trades[0].NetworkChargeUsdPerKwh!.Value, 1e-12);

        Assert.Equal(["vmax@2", "vmin@2", "fmax@1-2", "fmin@1-2"], result.NetworkRows.Select(r => r.Label));
        Assert.Equal([false, false, false, true], result.NetworkRows.Select(r => r.Binding));
        var fmin = result.NetworkRows[3];
        Assert.Equal(("fmin", "kW", "$/kWh"), (fmin.Kind, fmin.Unit, fmin.MultiplierUnit));
        Assert.Equal(30, fmin.Value, 1e-12);
        Assert.Equal(30, fmin.Bound);
        Assert.Equal(eta, fmin.Multiplier, 1e-15);
        var vmax = result.NetworkRows[0];
        Assert.Equal((1 + 2e-5 * 30, 1.05 * 1.05, "p.u.^2"), (vmax.Value, vmax.Bound, vmax.Unit));

        var branch = Assert.Single(result.Branches);
        Assert.Equal((1, 2, -30.0, 30.0), (branch.FromBusLabel, branch.ToBusLabel, branch.FlowLinearKw, branch.LimitKw!.Value));
        Assert.InRange(branch.FlowAcKw, -30, -29.9); // the AC flow at the sending end is smaller by the losses
        Assert.Equal(0, result.Totals.ViolatedRowsLinear);
        Assert.Equal(0, result.Totals.FlowViolationLinearKw);
        Assert.True(result.Totals.LossAcKw > 0);
        Assert.Null(result.Equilibrium);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void TheHandSolvedEquilibriumIsCertifiedInTheResult(double genWeight)
    {
        var result = BuildConstrained(checkEquilibrium: true, genWeight: genWeight);

        var equilibrium = result.Equilibrium!;
        Assert.True(equilibrium.Passes, string.Join(", ", equilibrium.Failures));
        Assert.Empty(equilibrium.Failures);
        Assert.InRange(equilibrium.CostGapUsd!.Value, 0, 1e-9);
        Assert.All(result.Prosumers, p => Assert.InRange(p.BestResponseGapUsd!.Value, -1e-9, 1e-9));
        // The weight moves the multiplier, not gen's network price.
        Assert.Equal(TwoProsumerMarket.ConstrainedNetworkPrice * genWeight, result.NetworkRows[3].Multiplier, 1e-15);
        Assert.Equal(TwoProsumerMarket.ConstrainedNetworkPrice, result.Prosumers[0].NetworkPriceUsdPerKwh, 1e-12);
    }

    [Fact]
    public void TheUnconstrainedMarketFailsOnlyFeasibilityInTheResult()
    {
        var scenario = TwoProsumerMarket.Build();
        var t = TwoProsumerMarket.UnconstrainedTradeKw;
        var cleared = new ClearedMarket("unconstrained", TwoProsumerMarket.Decisions(t), [t, -t],
            [TwoProsumerMarket.UnconstrainedPrice, TwoProsumerMarket.UnconstrainedPrice], [], [1.0, 1.0]);
        var result = new MarketResultBuilder().Build(scenario, cleared);

        Assert.Equal(["networkFeasibility"], result.Equilibrium!.Failures);
        Assert.Equal(t - 30, result.Equilibrium.NetworkViolationKw, 1e-9);
    }

    [Fact]
    public void StaticEnvelopesAndViolationsAreReported()
    {
        // The unconstrained equilibrium (37.3 kW through a 30 kW branch) in the oe format.
        var scenario = TwoProsumerMarket.Build();
        var t = TwoProsumerMarket.UnconstrainedTradeKw;
        var cleared = new ClearedMarket("unconstrained", TwoProsumerMarket.Decisions(t), [t, -t],
            [TwoProsumerMarket.UnconstrainedPrice, TwoProsumerMarket.UnconstrainedPrice], [], [1.0, 1.0])
        {
            StaticEnvelopes = [new OperatingEnvelope(-30, 30), OperatingEnvelope.Unbounded],
        };
        var result = new MarketResultBuilder(checkEquilibrium: false).Build(scenario, cleared);

        Assert.Equal(t - 30, result.Totals.FlowViolationLinearKw, 1e-9);
        Assert.Equal(1, result.Totals.ViolatedRowsLinear);
        Assert.True(result.Totals.FlowViolationAcKw > 7);
        Assert.Equal(1, result.Totals.ViolatedLimitsAc);
        Assert.Equal(new EnvelopeResult(-30, 30), result.Prosumers[0].StaticEnvelope);
        Assert.Equal(new EnvelopeResult(null, null), result.Prosumers[1].StaticEnvelope);
        Assert.All(result.NetworkRows, r => Assert.Equal(0, r.Multiplier));
        Assert.Equal(0, result.Totals.OperatorSurplusUsd);
    }

    [Fact]
    public void WithoutTradesOrMarginalRetailTheDlmpIsUndefined()
    {
        var scenario = TwoProsumerMarket.Build();
        var idle = TwoProsumerMarket.Decisions(0);
        idle[1] = idle[1] with { FlexibleDemandKw = 0, InjectionKw = -20, ImportKw = 10 };
        var cleared = new ClearedMarket("ve", idle, [0, 0], [0.1, 0.1], [0, 0, 0, 0], [1.0, 1.0]);
        var result = new MarketResultBuilder(checkEquilibrium: false).Build(scenario, cleared);

        // The load imports at its 10 kW limit: not marginal, so no energy price.
        Assert.Null(result.Totals.EnergyPriceUsdPerKwh);
        Assert.Equal("undefined", result.Totals.EnergyPriceSource);
        Assert.All(result.Buses, b => Assert.Null(b.Dlmp.TotalUsdPerKwh));
        Assert.Equal(0, result.Prosumers[0].Trades[0].NetworkChargeUsdPerKwh);
    }
}
