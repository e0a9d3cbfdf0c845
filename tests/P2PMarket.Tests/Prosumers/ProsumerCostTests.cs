using P2PMarket.Prosumers;

namespace P2PMarket.Tests.Prosumers;

/// <summary>The true cost C_i of MODEL.md sec. 2 on a hand-computed decision.</summary>
public class ProsumerCostTests
{
    [Fact]
    public void CostAddsGenerationUtilityRetailFeesAndFriction()
    {
        var prosumer = new ProsumerParameters("cost-1", 0, FixedLoadKw: 1, PvAvailableKw: 3, GenerationMaxKw: 5,
            GenerationCostQuadratic: 0.05, GenerationCostLinear: 0.1, DemandMinKw: 0, DemandMaxKw: 2,
            UtilityLinear: 0.3, UtilityQuadratic: 0.1, RetailLimitKw: 4);
        var graph = new TradeGraph(3, [new TradePair(0, 1, 5), new TradePair(0, 2, 5, FeePerKwh: 0.01, Friction: 0.002)]);
        var decision = new LocalDecision(GenerationKw: 2, PvUsedKw: 3, FlexibleDemandKw: 1, ImportKw: 1, ExportKw: 0.5,
            InjectionKw: 3, BalancePrice: 0.2, Cost: double.NaN);

        var cost = ProsumerCost.Evaluate(prosumer, new RetailPrices(0.25, 0.04), graph, 0, decision, [-3, 2]);

        // generation 0.05*4 + 0.1*2 = 0.4; utility 0.3 - 0.1 = 0.2; retail 0.25 - 0.02 = 0.23;
        // trade 1: 0.001*3 + 1e-6/2*9 = 0.0030045; trade 2: 0.01*2 + 0.002/2*4 = 0.024; PV is free
        Assert.Equal(0.4 - 0.2 + 0.23 + 0.0030045 + 0.024, cost, 1e-15);
    }

    [Fact]
    public void CostRejectsTradesThatDoNotMatchThePartners()
    {
        var prosumer = new ProsumerParameters("cost-2", 0, 1, 0, 1, 0.05, 0.1, 0, 0, 0, 0.1, 0);
        var graph = new TradeGraph(2, [new TradePair(0, 1, 5)]);
        var error = Assert.Throws<ArgumentException>(() => ProsumerCost.Evaluate(prosumer, new RetailPrices(0.25, 0.04), graph, 0, default, []));
        Assert.Contains("'cost-2'", error.Message);
    }
}
