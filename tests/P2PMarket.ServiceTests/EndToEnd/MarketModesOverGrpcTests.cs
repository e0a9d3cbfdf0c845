using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Modes;

namespace P2PMarket.ServiceTests.EndToEnd;

/// <summary>The lead's mode runner over the services (<see cref="Services.Hosting.Adapters.GrpcMarketPorts"/>): the modes
/// that bound injections (oe) or block trades (discard) clear bit-identically to the in-process ports, so those
/// signals cross the wire exactly too.</summary>
[Collection(LoopbackCollection.Name)]
public sealed class MarketModesOverGrpcTests
{
    [Theory]
    [InlineData(MarketMode.OperatingEnvelope)]
    [InlineData(MarketMode.Discard)]
    public async Task Mode_runner_over_grpc_equals_in_process(MarketMode mode)
    {
        await using var host = await LoopbackMarket.StartAsync(gateways: 2);
        var scenario = TestScenarios.Radial(6, 5, 2);
        var options = new ModeRunOptions(new AdmmOptions(), CheckEquilibrium: false);
        var runner = new MarketModeRunner();
        var expected = await runner.RunAsync(scenario, mode, options, new InProcessMarketPorts(2));
        var actual = await runner.RunAsync(scenario, mode, options, host.CreateMarketPorts(TestScenarios.Small));

        Assert.Equal(expected.Outcomes.Count, actual.Outcomes.Count);
        for (var c = 0; c < expected.Outcomes.Count; c++) Bits.Equal(expected.Outcomes[c], actual.Outcomes[c]);
        if (mode == MarketMode.Discard) Assert.NotEmpty(actual.Discard!.Dropped); // trades blocked by a 0 kW slot limit
        else Assert.Contains(actual.Envelopes!.Envelopes, e => double.IsFinite(e.MaxKw)); // injections bounded
    }

    [Fact]
    public async Task Overlapped_operator_step_over_grpc_equals_in_process()
    {
        // The operator's step runs during the next local solves; its iteration numbers (and the final envelope
        // call, which takes the number of the injections never sent) must satisfy the operator's ordering.
        await using var host = await LoopbackMarket.StartAsync(gateways: 2);
        var scenario = TestScenarios.Radial(6, 5, 2);
        var options = new ModeRunOptions(new AdmmOptions(OverlapNetworkStep: true, MaxIterations: 300), CheckEquilibrium: false);
        var runner = new MarketModeRunner();
        var expected = await runner.RunAsync(scenario, MarketMode.Variational, options, new InProcessMarketPorts(2));
        var actual = await runner.RunAsync(scenario, MarketMode.Variational, options, host.CreateMarketPorts(TestScenarios.Small));
        // (Whether it converges is the engine's business; on this small market it does not within the cap.)
        Bits.Equal(expected.Outcomes[0], actual.Outcomes[0]);
    }

    [Fact]
    public async Task Rows_other_than_the_scenarios_own_are_refused()
    {
        await using var host = await LoopbackMarket.StartAsync(gateways: 1);
        var scenario = TestScenarios.Radial(6, 5, 2);
        var other = TestScenarios.Radial(10, 12, 7).BuildNetworkConstraints();
        var error = await Assert.ThrowsAsync<NotSupportedException>(async () =>
            await host.CreateMarketPorts(TestScenarios.Small).OpenAsync(scenario, other, "rows", CancellationToken.None));
        Assert.StartsWith("rows:", error.Message);
    }
}
