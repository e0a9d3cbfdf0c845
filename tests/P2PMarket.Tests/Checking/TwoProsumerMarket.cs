using P2PMarket.Grid;
using P2PMarket.Prosumers;
using P2PMarket.Scenarios;
using P2PMarket.Tests.Envelopes;

namespace P2PMarket.Tests.Checking;

/// <summary>
/// A market solved by hand. Two-bus feeder (r = 0.01 p.u., limit 30 kW on the branch, Vmin/Vmax 0.95/1.05).
/// "gen" at bus 1: generator <c>0.001 g^2 + 0.05 g</c>, Gmax 100 kW, nothing else. "load" at the substation:
/// fixed load 20 kW, flexible demand in [0, 30] kW with utility <c>0.3 d - 0.005 d^2</c>. Retail (0.25, 0.04) $/kWh,
/// 10 kW each way. One pair, fee 0.001 $/kWh, friction 1e-6 $/kW^2.
/// <para>Best responses at trade price y and network price eta/r on gen's injection (fee f, friction gamma):
/// gen sells <c>t = (y - 0.05 - f - eta/r) / (0.002 + gamma)</c>, load buys <c>q = (0.3 + 40 * 0.005 - y - f) / (0.01 + gamma)</c>.
/// Unconstrained (eta = 0): y = 0.00150855 / 0.012002, t = 37.33 kW &gt; 30 kW: the branch binds (row fmin@1-2,
/// <c>P_1 &lt;= 30</c>, A = +1). Constrained: t = q = 30 kW, d = 10 kW, <c>y = 0.499 - 0.010001 * 30 = 0.19897</c>,
/// <c>eta/r = y - 0.051 - 0.002001 * 30 = 0.08794</c> $/kWh, so <c>mu_fmin = 0.08794 r</c>. No retail is used: gen's
/// marginal value of a kWh (0.19794) lies between the retail prices, and so does load's (0.19997).</para>
/// </summary>
public static class TwoProsumerMarket
{
    public const double Fee = 0.001;
    public const double Friction = 1e-6;
    public const double ConstrainedTradeKw = 30;
    public const double ConstrainedPrice = 0.499 - 0.010001 * 30;
    public const double ConstrainedNetworkPrice = ConstrainedPrice - 0.051 - 0.002001 * 30;
    public const double UnconstrainedPrice = (0.010001 * 0.051 + 0.002001 * 0.499) / 0.012002;
    public const double UnconstrainedTradeKw = (UnconstrainedPrice - 0.051) / 0.002001;

    public static Scenario Build(double genWeight = 1.0)
    {
        var feeder = TinyFeeders.TwoBus(0.01, 30);
        ProsumerParameters[] prosumers =
        [
            new("gen", 1, 0, 0, 100, 0.001, 0.05, 0, 0, 0, 0.01, 10, genWeight),
            new("load", 0, 20, 0, 0, 0.001, 0, 0, 30, 0.3, 0.005, 10),
        ];
        var graph = new TradeGraph(2, [new TradePair(0, 1, 100, Fee, Friction)]);
        return new Scenario("two-prosumer", feeder, new VoltageLimits(0.95, 1.05), new RetailPrices(0.25, 0.04), prosumers, graph,
            new MarketSettings());
    }

    /// <summary>Decisions (gen, load) when gen sells <paramref name="tradeKw"/> to load.</summary>
    public static LocalDecision[] Decisions(double tradeKw) =>
    [
        new(tradeKw, 0, 0, 0, 0, tradeKw, 0, 0),
        new(0, 0, tradeKw - 20, 0, 0, -tradeKw, 0, 0),
    ];

    /// <summary>The constrained equilibrium with gen's weight <paramref name="genWeight"/>; rows vmax@2, vmin@2, fmax@1-2, fmin@1-2.</summary>
    public static (LocalDecision[] Decisions, double[] Trades, double[] TradePrice, double[] Multiplier, double[] Weights) Constrained(double genWeight = 1.0) =>
        (Decisions(ConstrainedTradeKw), [ConstrainedTradeKw, -ConstrainedTradeKw], [ConstrainedPrice, ConstrainedPrice],
            [0, 0, 0, ConstrainedNetworkPrice * genWeight], [genWeight, 1.0]);
}
