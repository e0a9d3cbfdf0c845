using P2PMarket.Grid;
using P2PMarket.Scenarios;

namespace P2PMarket.Tests.Scenarios;

/// <summary>The modified IEEE 69-bus market (Data/ieee69.json, design in Data/README.md) meets MODEL.md sec. 10.</summary>
public class Ieee69ScenarioTests
{
    private static readonly Scenario Scenario = ShippedScenarios.Ieee69();
    private static readonly CopperPlateDispatch Market = new(Scenario);
    private static readonly NetworkConstraints Rows = Market.Rows;

    [Fact]
    public void FeederIsThePublishedOneWithChosenLimits()
    {
        var f = Scenario.Feeder;
        Assert.Equal(69, f.BusCount);
        Assert.Equal(3802.1, f.Buses.Sum(b => b.LoadKw), 0.05);
        Assert.Equal(new VoltageLimits(0.90, 1.05), Scenario.VoltageLimits);
        var limited = f.Branches.Where(b => b.LimitKw is not null)
            .Select(b => $"{f.Buses[b.ParentIndex].Label}-{f.Buses[b.ChildIndex].Label}").Order().ToArray();
        Assert.Equal(["1-2", "12-13", "4-47", "49-50", "9-53"], limited);
    }

    [Fact]
    public void ProsumersAndTradingGraphFollowTheDesign()
    {
        var g = Scenario.Trades;
        Assert.True(Scenario.Prosumers.Count >= 30);
        for (var i = 0; i < g.ProsumerCount; i++) Assert.InRange(g.PartnerCount(i), 3, 6);
        Assert.Equal(g.ProsumerCount, TradeGraphChecks.ReachableCount(g));

        // PV-rich prosumers sit at lateral ends, loads and generators on the main trunk (buses 2-27).
        int Label(int i) => Scenario.Feeder.Buses[Scenario.Prosumers[i].Bus].Label;
        var pvBuses = Enumerable.Range(0, g.ProsumerCount).Where(i => Scenario.Prosumers[i].Id.StartsWith("pv", StringComparison.Ordinal)).Select(Label).ToHashSet();
        Assert.Superset(new HashSet<int> { 35, 46, 50, 52, 57, 65, 67, 69 }, pvBuses);
        var trunk = Enumerable.Range(0, g.ProsumerCount).Where(i => Scenario.Prosumers[i].Id.StartsWith("gen", StringComparison.Ordinal)).Select(Label);
        Assert.All(trunk, bus => Assert.InRange(bus, 2, 27));
    }

    [Fact]
    public void BaseOperatingPointIsFeasible()
    {
        var residual = Rows.Residual(new double[Scenario.Feeder.BusCount]);
        Assert.All(residual, (r, k) => Assert.True(r <= 0, $"{Rows.Labels[k]} violated at the base point by {r}"));
        // The unmodified feeder's LinDistFlow minimum, 0.913 p.u. at bus 65, is above the lowered Vmin 0.90.
        Assert.Equal(0.91306, Math.Sqrt(Rows.Model.BaseSquaredVoltage.Min()), 5e-6);
    }

    [Fact]
    public void MarketIgnoringTheGridViolatesAVoltageAndALineLimit()
    {
        var (price, bus) = Market.Unconstrained();
        Assert.InRange(price, Scenario.Retail.ExportPerKwh + 0.01, Scenario.Retail.ImportPerKwh - 0.01);
        var injection = Scenario.Prosumers.Select(p => CopperPlateDispatch.Injection(p, price)).ToArray();

        // Each injection can be sold or bought through the prosumer's own pairs and retail contract.
        for (var i = 0; i < injection.Length; i++)
        {
            var capacity = Scenario.Prosumers[i].RetailLimitKw;
            for (var s = Scenario.Trades.SlotStart(i); s < Scenario.Trades.SlotStart(i) + Scenario.Trades.PartnerCount(i); s++)
                capacity += Scenario.Trades.PairOf(s).LimitKw;
            Assert.True(Math.Abs(injection[i]) <= capacity, $"{Scenario.Prosumers[i].Id}: {injection[i]} kW exceeds {capacity} kW of pairs and retail");
        }

        var residual = Rows.Residual(bus);
        double Row(string label) => residual[Rows.Labels.ToList().IndexOf(label)];
        // EV depots and loads on the trunk tail pull bus 27 below 0.90 p.u. ...
        Assert.True(Row("vmin@27") > 0, $"vmin@27 residual {Row("vmin@27")}");
        Assert.True(Math.Sqrt(Rows.Model.SquaredVoltage(bus)[IndexOf(27)]) < 0.89);
        // ... and the community solar at bus 50 pushes more than 500 kW back through branch 49-50.
        Assert.True(Row("fmin@49-50") > 100, $"fmin@49-50 residual {Row("fmin@49-50")}");
        // No other line limit and no over-voltage is hit: the two designed rows are the ones that bind.
        for (var k = 0; k < residual.Length; k++)
            if (Rows.Kinds[k] is not NetworkRowKind.VoltageMin && Rows.Labels[k] != "fmin@49-50")
                Assert.True(residual[k] <= 0, $"{Rows.Labels[k]} unexpectedly violated by {residual[k]}");
    }

    [Fact]
    public void CopperPlateEquilibriumBindsAVoltageAndALineRow()
    {
        // Certificate: positive multipliers on exactly these two rows make them active and every other row holds.
        var (mu, bus) = Market.Constrained(["vmin@27", "fmin@49-50"]);
        var binding = Enumerable.Range(0, mu.Length).Where(k => mu[k] > 0).Select(k => Rows.Labels[k]).ToArray();
        Assert.Equal(["vmin@27", "fmin@49-50"], binding);
        var residual = Rows.Residual(bus);
        for (var k = 0; k < residual.Length; k++)
        {
            var tolerance = Rows.Kinds[k] is NetworkRowKind.FlowMax or NetworkRowKind.FlowMin ? 1e-3 : 1e-8;
            Assert.True(residual[k] <= tolerance, $"{Rows.Labels[k]} residual {residual[k]}");
            if (mu[k] > 0) Assert.True(residual[k] > -tolerance, $"{Rows.Labels[k]} has mu {mu[k]} but slack {residual[k]}");
        }
        // Network prices then differ across buses: the trunk tail is paid to inject, bus 50 to withdraw ($/kWh).
        var eta = Rows.BusPrice(mu);
        Assert.True(eta[IndexOf(27)] < -0.03, $"eta@27 = {eta[IndexOf(27)]}");
        Assert.True(eta[IndexOf(50)] > 0.03, $"eta@50 = {eta[IndexOf(50)]}");
    }

    private static int IndexOf(int label) => Scenario.Feeder.TryGetIndex(label, out var i) ? i : throw new ArgumentException($"no bus {label}");
}
