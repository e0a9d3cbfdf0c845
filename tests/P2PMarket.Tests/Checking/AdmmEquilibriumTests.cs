using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Checking;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Network;
using P2PMarket.Clearing.Ports;
using P2PMarket.Clearing.Results;

namespace P2PMarket.Tests.Checking;

public class AdmmEquilibriumTests
{
    // Regression: a network step that shrank on zero violation once froze mu on a slack row and stopped at a
    // non-equilibrium; the network residual now includes complementarity, so the checker must certify the result.
    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public async Task TheAdmmClearingOfTheHandSolvedMarketIsCertifiedByTheChecker(double genWeight)
    {
        var scenario = TwoProsumerMarket.Build(genWeight);
        var constraints = scenario.BuildNetworkConstraints();
        var layout = new MarketLayout(scenario.Trades, scenario.Prosumers.Select(p => p.Bus).ToArray(),
            scenario.Prosumers.Select(p => p.Weight).ToArray(), scenario.Feeder.BusCount);
        var options = new AdmmOptions(RelativeTolerance: 1e-7, AbsoluteTolerance: 1e-9, MaxIterations: 20000);
        var prosumers = new InProcessProsumerPort([new ProsumerShard(scenario.Prosumers, scenario.Trades, scenario.Retail, 0, 2)]);
        var network = new InProcessNetworkOperatorPort(new NetworkPriceUpdater(constraints));
        var outcome = await new AdmmClearing(options).RunAsync(layout, prosumers, network, "test", null, CancellationToken.None);

        var cleared = ClearedMarket.FromAdmm("nne", outcome, layout.Weight, options);
        var result = new MarketResultBuilder(new EquilibriumTolerances(CostGapUsd: 1e-5, QuantityKw: 1e-3, TradeDeviationKw: 1e-2,
            NetworkKw: 1e-3, PriceUsdPerKwh: 1e-5, ComplementarityUsd: 1e-5)).Build(scenario, cleared, constraints);

        Assert.Equal("converged", result.Clearing.Exit);
        Assert.True(result.Equilibrium!.Passes, $"{string.Join(", ", result.Equilibrium.Failures)} after {outcome.Iterations} iterations");
        Assert.Equal(TwoProsumerMarket.ConstrainedTradeKw, result.Prosumers[0].InjectionKw, 1e-2);
        Assert.Equal(TwoProsumerMarket.ConstrainedPrice, result.Prosumers[0].Trades[0].PriceUsdPerKwh, 1e-4);
    }
}
