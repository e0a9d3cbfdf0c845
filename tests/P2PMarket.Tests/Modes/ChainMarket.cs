using P2PMarket.Grid;
using P2PMarket.Prosumers;
using P2PMarket.Scenarios;

namespace P2PMarket.Tests.Modes;

/// <summary>
/// A small market whose unconstrained clearing overloads a line. Chain 0 - 1 - 2 - 3 (labels 1..4; bases 1 kV,
/// 1 MVA: Zbase 1 ohm, power base 1000 kW) with passive loads 30 / 40 / 30 kW; the last branch 3-4 is limited to
/// 80 kW, the first to 250 kW; voltages in [0.95, 1.05] p.u. "pv" at the end (bus 4) has 250 kW of PV and 10 kW of
/// load; "gen" (a generator, 0.06 $/kWh) and "shop" (up to 150 kW of flexible demand) sit at bus 2, "home" at bus 3.
/// Everyone can trade with everyone. Unconstrained, the PV sells about 240 kW upstream and the reverse flow on 3-4
/// far exceeds 80 kW.
/// </summary>
public static class ChainMarket
{
    public static Feeder Feeder() =>
        new("modes-chain", 1.0, 1.0, 1.0,
            [new FeederBus(1, 0, 0), new FeederBus(2, 30, 10), new FeederBus(3, 40, 10), new FeederBus(4, 30, 10)],
            [
                new FeederBranch(0, 1, 0.01, 0.005, 250),
                new FeederBranch(1, 2, 0.02, 0.01, null),
                new FeederBranch(2, 3, 0.03, 0.015, 80),
            ], "test");

    public static Scenario Build()
    {
        ProsumerParameters[] prosumers =
        [
            new("pv", 3, 10, 250, 0, 0.001, 0.1, 0, 0, 0, 0.01, 50),
            new("gen", 1, 0, 0, 200, 0.0005, 0.06, 0, 0, 0, 0.01, 50),
            new("shop", 1, 50, 0, 0, 0.001, 0, 0, 150, 0.25, 0.0008, 50),
            new("home", 3, 20, 0, 0, 0.001, 0, 0, 150, 0.3, 0.002, 50),
        ];
        var pairs = new List<TradePair>();
        for (var i = 0; i < prosumers.Length; i++)
        for (var j = i + 1; j < prosumers.Length; j++) pairs.Add(new TradePair(i, j, 300));
        return new Scenario("modes-chain", Feeder(), new VoltageLimits(0.95, 1.05), new RetailPrices(0.25, 0.04), prosumers,
            new TradeGraph(prosumers.Length, pairs), new MarketSettings());
    }
}
