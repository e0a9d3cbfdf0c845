using P2PMarket.Grid;

namespace P2PMarket.Tests.Envelopes;

/// <summary>Small feeders whose network rows can be worked out by hand (bases 1 kV, 1 MVA: Zbase = 1 ohm,
/// power base 1000 kW, V0 = 1 p.u.).</summary>
public static class TinyFeeders
{
    /// <summary>Substation 0 and bus 1 (label 2) on one branch of <paramref name="resistanceOhm"/>, no passive load.
    /// Rows: vmax@2 <c>2 r P / 1000 &lt;= Vmax^2 - 1</c>, vmin@2, and with a limit fmax@1-2 <c>-P &lt;= Fmax</c>, fmin@1-2 <c>P &lt;= Fmax</c>.</summary>
    public static Feeder TwoBus(double resistanceOhm = 0.01, double? limitKw = null) =>
        new("two-bus", 1.0, 1.0, 1.0,
            [new FeederBus(1, 0, 0), new FeederBus(2, 0, 0)],
            [new FeederBranch(0, 1, resistanceOhm, 0.0, limitKw)], "test");

    /// <summary>A chain 0 - 1 - 2 - 3 (labels 1..4) with passive loads and a limit on the first branch.</summary>
    public static Feeder Chain4(double firstLimitKw = 400) =>
        new("chain-4", 1.0, 1.0, 1.0,
            [new FeederBus(1, 0, 0), new FeederBus(2, 100, 20), new FeederBus(3, 150, 30), new FeederBus(4, 80, 10)],
            [
                new FeederBranch(0, 1, 0.004, 0.002, firstLimitKw),
                new FeederBranch(1, 2, 0.006, 0.003, null),
                new FeederBranch(2, 3, 0.008, 0.004, 300),
            ], "test");
}
