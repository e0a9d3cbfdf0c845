using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Envelopes;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Network;
using P2PMarket.Clearing.Ports;
using P2PMarket.Scenarios;
using Xunit.Abstractions;

namespace P2PMarket.Tests.Network;

/// <summary>The ADMM clearing of the shipped IEEE 69-bus market with the operator on tree sweeps against the same
/// clearing on dense products (the operator before tree sweeps): the same iterations and the same outcome to 1e-9.</summary>
public class TreeSweepClearingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TheIeee69ClearingIsUnchangedByTreeSweeps()
    {
        var scenario = ShippedScenarios.Ieee69();
        var constraints = scenario.BuildNetworkConstraints();
        var tree = await ClearAsync(scenario, new NetworkPriceUpdater(constraints));
        var dense = await ClearAsync(scenario, new NetworkPriceUpdater(new DenseNormalizedRows(constraints)));

        Assert.Equal(AdmmExit.Converged, tree.Exit);
        Assert.Equal(dense.Exit, tree.Exit);
        Assert.Equal(dense.Iterations, tree.Iterations);
        var worst = new[]
        {
            Worst("trades", dense.Trades, tree.Trades),
            Worst("trade prices", dense.TradePrice, tree.TradePrice),
            Worst("injections", dense.Decisions.Select(d => d.InjectionKw).ToArray(), tree.Decisions.Select(d => d.InjectionKw).ToArray()),
            Worst("bus prices", dense.BusPrice, tree.BusPrice),
            Worst("multipliers", dense.Multiplier, tree.Multiplier),
            Worst("network prices", dense.NetworkPrice, tree.NetworkPrice),
            Worst("envelope min", dense.OperatingEnvelopeKw.Select(e => e.Min).ToArray(), tree.OperatingEnvelopeKw.Select(e => e.Min).ToArray()),
            Worst("envelope max", dense.OperatingEnvelopeKw.Select(e => e.Max).ToArray(), tree.OperatingEnvelopeKw.Select(e => e.Max).ToArray()),
        };
        var identical = worst.All(w => w.Difference == 0);
        output.WriteLine($"{tree.Iterations} iterations both; {(identical ? "bit-identical" : "not bit-identical")}; largest differences relative to "
            + "each quantity's largest magnitude: " + string.Join(", ", worst.Select(w => $"{w.Name} {w.Difference:E1}")));
        Assert.All(worst, w => Assert.True(w.Difference <= 1e-9, $"{w.Name} differ by {w.Difference:E2}"));

        // The reported envelopes are the dynamic OE at the final injections (one extra call with a zero dual step).
        var injections = tree.Decisions.Select(d => d.InjectionKw).ToArray();
        var envelopes = DynamicEnvelopeCalculator.Compute(constraints, scenario.Prosumers.Select(p => p.Bus).ToArray(), injections);
        for (var i = 0; i < envelopes.Length; i++)
        {
            Assert.Equal(envelopes[i].MinKw, tree.OperatingEnvelopeKw[i].Min, 1e-9 * Math.Max(1, Math.Abs(envelopes[i].MinKw)));
            Assert.Equal(envelopes[i].MaxKw, tree.OperatingEnvelopeKw[i].Max, 1e-9 * Math.Max(1, Math.Abs(envelopes[i].MaxKw)));
        }
    }

    private static async Task<AdmmOutcome> ClearAsync(Scenario scenario, NetworkPriceUpdater updater)
    {
        var layout = MarketLayoutFactory.Create(scenario);
        var prosumers = new InProcessProsumerPort([new ProsumerShard(scenario.Prosumers, scenario.Trades, scenario.Retail, 0, scenario.Prosumers.Count)]);
        var network = new InProcessNetworkOperatorPort(updater);
        return await new AdmmClearing(new AdmmOptions()).RunAsync(layout, prosumers, network, "test", null, CancellationToken.None);
    }

    private static (string Name, double Difference) Worst(string name, double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(expected.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max(), 1e-300);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (double.IsInfinity(expected[i])) Assert.Equal(expected[i], actual[i]);
            else worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / scale);
        }
        return (name, worst);
    }
}
