using P2PMarket.Grid;
using P2PMarket.Prosumers;
using P2PMarket.Scenarios;

namespace P2PMarket.Tests.Losses;

/// <summary>
/// A market whose binding limit LinDistFlow gets wrong: chain 0 - 1 - 2 - 3 (labels 1..4; bases 1 kV, 1 MVA, so
/// impedances in ohm are p.u. and the power base is 1000 kW) with r = x = 0.02 p.u. per branch and passive loads of
/// 100 kW + 50 kVAr at buses 2..4; Vmin 0.96 p.u. "gen" at bus 2 (0.05 $/kWh) sells to "load" at the end (bus 4,
/// up to 800 kW of flexible demand worth 0.4 $/kWh). The trade lowers the end voltage until vmin@4 binds, at several
/// hundred kW, where the lossless LinDistFlow overstates the voltage: its equilibrium is below Vmin in AC.
/// </summary>
public static class LossyChainMarket
{
    public static Scenario Build()
    {
        var feeder = new Feeder("lossy-chain", 1.0, 1.0, 1.0,
            [new FeederBus(1, 0, 0), new FeederBus(2, 100, 50), new FeederBus(3, 100, 50), new FeederBus(4, 100, 50)],
            [
                new FeederBranch(0, 1, 0.02, 0.02, null),
                new FeederBranch(1, 2, 0.02, 0.02, null),
                new FeederBranch(2, 3, 0.02, 0.02, null),
            ], "test");
        ProsumerParameters[] prosumers =
        [
            new("gen", 1, 0, 0, 1000, 0.0001, 0.05, 0, 0, 0, 0.01, 0),
            new("load", 3, 0, 0, 0, 0.001, 0, 0, 800, 0.4, 0.0001, 0),
        ];
        return new Scenario("lossy-chain", feeder, new VoltageLimits(0.96, 1.05), new RetailPrices(0.3, 0.03), prosumers,
            new TradeGraph(2, [new TradePair(0, 1, 1000)]), new MarketSettings());
    }
}
