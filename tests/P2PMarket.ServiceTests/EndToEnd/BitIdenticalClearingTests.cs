using Grpc.Core;
using P2PMarket.Clearing.Admm;
using MarketLayoutFactory = P2PMarket.Clearing.Market.MarketLayoutFactory;
using P2PMarket.Protos.V1;
using P2PMarket.Scenarios;
using P2PMarket.Scenarios.Synthetic;

namespace P2PMarket.ServiceTests.EndToEnd;

/// <summary>A full clearing over gRPC (three services on loopback Kestrel) equals the in-process run bit for bit.</summary>
[Collection(LoopbackCollection.Name)]
public sealed class BitIdenticalClearingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Grpc_ports_reproduce_the_in_process_clearing_bit_for_bit(int gateways)
    {
        await using var host = await LoopbackMarket.StartAsync(gateways);
        var scenario = TestScenarios.Radial(10, 12, 7);
        var options = new AdmmOptions();
        var expected = await LoopbackMarket.InProcessAsync(scenario, options, gateways);

        var layout = MarketLayoutFactory.Create(scenario);
        var (prosumers, network) = LoopbackMarket.Ports(host, TestScenarios.Medium, layout, $"bit-identical-{gateways}");
        await using (prosumers)
        await using (network)
        {
            var actual = await new AdmmClearing(options).RunAsync(layout, prosumers, network, $"bit-identical-{gateways}", null, CancellationToken.None);
            Assert.Equal(AdmmExit.Converged, actual.Exit);
            Bits.Equal(expected, actual);
            Assert.Equal(0, prosumers.Reopens + network.Reopens);
        }
    }

    [Theory]
    [InlineData(ShippedScenarios.Ieee69Name, MarketMode.Ve, 3)] // the one IEEE 69-bus run: voltage and line limits bind
    [InlineData("toy4", MarketMode.Ve, 2)] // the hand-solved 4-bus toy
    [InlineData("synthetic:20:1", MarketMode.Unconstrained, 1)]
    [InlineData(TestScenarios.Small, MarketMode.Nne, 2)]
    public async Task Coordinator_result_equals_the_in_process_outcome(string scenarioId, MarketMode mode, int gateways)
    {
        await using var host = await LoopbackMarket.StartAsync(gateways);
        var scenario = scenarioId == TestScenarios.Small ? TestScenarios.Radial(6, 5, 2)
            : scenarioId.StartsWith("synthetic:", StringComparison.Ordinal) ? SyntheticScenarioGenerator.Generate(20, 1)
            : ShippedScenarios.Load(scenarioId);
        var prosumerCount = scenario.Prosumers.Count;
        var expected = await LoopbackMarket.InProcessAsync(scenario, new AdmmOptions(UseNetwork: mode != MarketMode.Unconstrained), gateways,
            mode == MarketMode.Nne ? null : Enumerable.Repeat(1.0, prosumerCount).ToArray());

        var client = host.CreateCoordinatorClient();
        using var call = client.StartClearing(new StartClearingRequest { ScenarioId = scenarioId, Mode = mode });
        var messages = new List<StartClearingResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync()) messages.Add(message);

        Assert.Equal(StartClearingResponse.PayloadOneofCase.Started, messages[0].PayloadCase);
        Assert.Equal(gateways, messages[0].Started.GatewayCount);
        var progress = messages.Where(m => m.PayloadCase == StartClearingResponse.PayloadOneofCase.Progress).Select(m => m.Progress).ToList();
        Assert.Equal(expected.Iterations, progress.Count);
        Bits.Equal(expected.History.Select(h => h.ReciprocityResidualKw), progress.Select(p => p.ReciprocityResidualKw), "progress residuals");
        var result = messages[^1].Result;
        Assert.NotNull(result);
        Assert.True(result.Converged);
        Assert.Equal(expected.Iterations, result.Iterations);
        Bits.Equal(expected.Trades, result.Prosumers.SelectMany(p => p.Trades.Select(t => t.TradeKw)), "trades");
        Bits.Equal(expected.TradePrice, result.Prosumers.SelectMany(p => p.Trades.Select(t => t.TradePrice)), "trade prices");
        Bits.Equal(expected.NetworkPrice, result.Prosumers.Select(p => p.NetworkPrice), "network prices");
        Bits.Equal(expected.Decisions.Select(d => d.InjectionKw), result.Prosumers.Select(p => p.InjectionKw), "injections");
        Bits.Equal(expected.Multiplier, result.Multipliers.Select(m => m.Multiplier), "multipliers");
        Bits.Equal(expected.BusPrice, result.BusPrice, "bus prices");
        if (mode != MarketMode.Unconstrained) Assert.Contains(result.Multipliers, m => m.Multiplier > 0);
        Assert.Equal(-expected.Decisions.Sum(d => d.Cost), result.WelfareUsd, 12);
        // Settlement by the gateways: payoff = -cost - network charge + trade revenue.
        for (var i = 0; i < prosumerCount; i++)
        {
            var p = result.Prosumers[i];
            var tradeRevenue = p.Trades.Sum(t => t.TradePrice * t.TradeKw);
            Assert.Equal(-p.CostUsd - p.NetworkPrice * p.InjectionKw + tradeRevenue, p.PayoffUsd, 9);
        }

        var fetched = await client.GetResultAsync(new GetResultRequest { ClearingId = result.ClearingId });
        Assert.Equal(result, fetched.Result);
    }
}

/// <summary>End-to-end tests run one at a time: each starts Kestrel hosts and times failures.</summary>
[CollectionDefinition(Name)]
public sealed class LoopbackCollection
{
    /// <summary>Collection name.</summary>
    public const string Name = "loopback";
}
