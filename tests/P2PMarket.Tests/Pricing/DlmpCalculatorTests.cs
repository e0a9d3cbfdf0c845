using P2PMarket.Clearing.Pricing;
using P2PMarket.Grid;
using P2PMarket.Prosumers;
using P2PMarket.Tests.Envelopes;
using P2PMarket.Tests.Grid;

namespace P2PMarket.Tests.Pricing;

public class DlmpCalculatorTests
{
    private static readonly RetailPrices Retail = new(0.25, 0.05);

    private static ProsumerParameters Prosumer(string id, int bus, double retailLimitKw = 10, double weight = 1) =>
        new(id, bus, 5, 0, 10, 0.01, 0.1, 0, 5, 0.3, 0.01, retailLimitKw, weight);

    private static LocalDecision Decision(double injectionKw, double importKw = 0, double exportKw = 0) =>
        new(0, 0, 0, importKw, exportKw, injectionKw, 0, 0);

    [Fact]
    public void EnergyIsTheVolumeWeightedMeanTradePriceWithEachPairOnce()
    {
        // Pairs (0,1): 10 kW at 0.10 $/kWh; (1,2): 30 kW at 0.14 $/kWh. Slots: 0:(0,1) 1:(1,0) 2:(1,2) 3:(2,1).
        var graph = new TradeGraph(3, [new TradePair(0, 1, 50), new TradePair(1, 2, 50)]);
        var prosumers = new[] { Prosumer("a", 1), Prosumer("b", 1), Prosumer("c", 1) };
        var (price, source, volume) = new DlmpCalculator().EnergyPrice(graph, [10, -10, -30, 30], [0.10, 0.10, 0.14, 0.14],
            prosumers, [Decision(0), Decision(0), Decision(0)], Retail);

        Assert.Equal(EnergyPriceSource.Trades, source);
        Assert.Equal(40, volume, 1e-12);
        Assert.Equal((10 * 0.10 + 30 * 0.14) / 40, price, 1e-12);
    }

    [Theory]
    [InlineData(5, 0, 0.25, EnergyPriceSource.RetailImport)]
    [InlineData(0, 5, 0.05, EnergyPriceSource.RetailExport)]
    [InlineData(10, 0, double.NaN, EnergyPriceSource.Undefined)] // import at its limit: not marginal
    [InlineData(0, 0, double.NaN, EnergyPriceSource.Undefined)]
    public void WithoutTradesEnergyIsTheMarginalRetailPrice(double importKw, double exportKw, double expected, EnergyPriceSource expectedSource)
    {
        var graph = new TradeGraph(2, [new TradePair(0, 1, 50)]);
        var prosumers = new[] { Prosumer("a", 1), Prosumer("b", 1) };
        var (price, source, _) = new DlmpCalculator().EnergyPrice(graph, [0, 0], [0.2, 0.2], prosumers,
            [Decision(-importKw, importKw, 0), Decision(exportKw, 0, exportKw)], Retail);

        Assert.Equal(expectedSource, source);
        Assert.Equal(expected, price);
    }

    [Fact]
    public void ComponentsNetworkChargeAndSurplusOnTheTwoBusFeeder()
    {
        // Rows of the two-bus feeder (r = 0.01 p.u., Fmax = 8 kW): vmax@2, vmin@2 (A = +-2e-5 per kW), fmax@1-2
        // (A = -1), fmin@1-2 (A = +1). mu: vmin 10 $/h per p.u.^2, fmax 0.05 $/kWh: eta_1 = -2e-4 - 0.05.
        var rows = new NetworkConstraints(new LinDistFlow(TinyFeeders.TwoBus(limitKw: 8)), new VoltageLimits(0.95, 1.05));
        Assert.Equal(["vmax@2", "vmin@2", "fmax@1-2", "fmin@1-2"], rows.Labels);
        double[] mu = [0, 10, 0.05, 0];
        // Prosumer 0 at the substation sells 6 kW to prosumer 1 at bus 1 at 0.12 $/kWh; weights 1 and 2.
        var graph = new TradeGraph(2, [new TradePair(0, 1, 50)]);
        var prosumers = new[] { Prosumer("seller", 0), Prosumer("buyer", 1, weight: 2) };
        var result = new DlmpCalculator().Compute(rows, mu, graph, [6, -6], [0.12, 0.12], prosumers,
            [Decision(6), Decision(-6)], Retail);

        var bus = result.Buses[1];
        Assert.Equal(0.12, bus.Energy, 1e-12);
        Assert.Equal(0.05, bus.Congestion, 1e-12);
        Assert.Equal(2e-4, bus.Voltage, 1e-12);
        Assert.Equal(0, bus.Loss);
        Assert.Equal(0.12 + 0.05 + 2e-4, bus.Total, 1e-12);
        Assert.Equal(new BusDlmp(0.12, 0, 0, 0, 0.12), result.Buses[0]);
        // The trade from bus 0 to bus 1 bears DLMP_1 - DLMP_0 per kWh; seen from the buyer's slot, the negative.
        Assert.Equal(0.05 + 2e-4, result.NetworkChargePerKwh[0], 1e-12);
        Assert.Equal(-(0.05 + 2e-4), result.NetworkChargePerKwh[1], 1e-12);
        // networkPrice = eta / r: the buyer (r = 2) pays half of -eta per kW withdrawn.
        Assert.Equal(0, result.NetworkPrice[0]);
        Assert.Equal(-(0.05 + 2e-4) / 2, result.NetworkPrice[1], 1e-12);
        Assert.Equal(-(0.05 + 2e-4) / 2 * -6, result.OperatorSurplus, 1e-12);
    }

    [Fact]
    public void LossComponentIsTheEnergyPriceTimesMinusTheInjectionLossFactor()
    {
        var rows = new NetworkConstraints(new LinDistFlow(TinyFeeders.TwoBus()), new VoltageLimits(0.95, 1.05));
        var graph = new TradeGraph(2, [new TradePair(0, 1, 50)]);
        var prosumers = new[] { Prosumer("a", 0), Prosumer("b", 1) };
        var result = new DlmpCalculator().Compute(rows, new double[rows.RowCount], graph, [2, -2], [0.1, 0.1], prosumers,
            [Decision(2), Decision(-2)], Retail, lossFactor: [0, -0.04]);

        // Injecting at bus 1 cuts losses by 0.04 kW per kW: consuming there costs 4 % more energy.
        Assert.Equal(0.004, result.Buses[1].Loss, 1e-12);
        Assert.Equal(0.104, result.Buses[1].Total, 1e-12);
        Assert.Equal(0.004, result.NetworkChargePerKwh[0], 1e-12);
    }

    [Fact]
    public void CongestionPlusVoltageIsMinusEtaOnIeee69()
    {
        var feeder = Ieee69Fixture.Load();
        var baseFlow = new LinDistFlow(feeder).BaseFlowKw;
        feeder = feeder.WithBranchLimits(feeder.Branches.Select((_, l) => l % 5 == 0 ? (double?)(baseFlow[l] + 100) : null).ToArray(), "test");
        var rows = new NetworkConstraints(new LinDistFlow(feeder), new VoltageLimits(0.9, 1.05));
        var random = new Random(7);
        var mu = Enumerable.Range(0, rows.RowCount).Select(_ => random.NextDouble() < 0.3 ? random.NextDouble() : 0.0).ToArray();
        var graph = new TradeGraph(2, [new TradePair(0, 1, 50)]);
        var prosumers = new[] { Prosumer("a", 10), Prosumer("b", 60) };
        var result = new DlmpCalculator().Compute(rows, mu, graph, [1, -1], [0.1, 0.1], prosumers, [Decision(1), Decision(-1)], Retail);

        var eta = rows.BusPrice(mu);
        for (var n = 0; n < rows.BusCount; n++)
        {
            var b = result.Buses[n];
            Assert.Equal(-eta[n], b.Congestion + b.Voltage, 1e-9 * Math.Max(1, Math.Abs(eta[n])));
            Assert.Equal(eta[n], result.BusPrice[n], 1e-9 * Math.Max(1, Math.Abs(eta[n])));
            Assert.Equal(b.Energy + b.Congestion + b.Voltage + b.Loss, b.Total, 1e-12);
        }
        Assert.Contains(result.Buses, b => b.Congestion != 0);
        Assert.Contains(result.Buses, b => b.Voltage != 0);
    }
}
