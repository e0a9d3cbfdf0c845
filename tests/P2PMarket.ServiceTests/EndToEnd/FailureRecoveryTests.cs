using System.Diagnostics;
using Grpc.Core;
using P2PMarket.Clearing.Admm;
using P2PMarket.Protos.V1;
using P2PMarket.Services.Hosting.Adapters;
using MarketLayoutFactory = P2PMarket.Clearing.Market.MarketLayoutFactory;

namespace P2PMarket.ServiceTests.EndToEnd;

/// <summary>A service that vanishes mid-clearing: the clearing resumes after a restart (bit-identical), or fails with
/// <c>UNAVAILABLE</c> within the reconnect budget; it never hangs.</summary>
[Collection(LoopbackCollection.Name)]
public sealed class FailureRecoveryTests(ITestOutputHelper output)
{
    private static readonly ClearingStreamOptions Patient = new(TimeSpan.FromSeconds(5), ReconnectAttempts: 4, ReconnectBackoff: TimeSpan.FromMilliseconds(200));

    [Fact]
    public async Task Gateway_restarted_mid_clearing_resumes_and_the_result_is_unchanged()
    {
        await using var host = await LoopbackMarket.StartAsync(gateways: 3);
        var scenario = TestScenarios.Radial(10, 12, 7);
        var options = new AdmmOptions();
        var expected = await LoopbackMarket.InProcessAsync(scenario, options, 3);
        var layout = MarketLayoutFactory.Create(scenario);
        var (prosumers, network) = LoopbackMarket.Ports(host, TestScenarios.Medium, layout, "gateway-restart", Patient);
        Task? restart = null;
        var clock = Stopwatch.StartNew();
        var stopAt = new LoopbackMarket.At(20, () =>
        {
            output.WriteLine($"{clock.Elapsed}: stopping gateway 1");
            host.StopGatewayAsync(1).GetAwaiter().GetResult();
            output.WriteLine($"{clock.Elapsed}: stopped gateway 1");
            restart = Task.Run(async () =>
            {
                await Task.Delay(300);
                await host.RestartGatewayAsync(1);
                output.WriteLine($"{clock.Elapsed}: restarted gateway 1");
            });
        });
        await using (prosumers)
        await using (network)
        {
            var actual = await new AdmmClearing(options).RunAsync(layout, prosumers, network, "gateway-restart", stopAt, CancellationToken.None);
            output.WriteLine($"{clock.Elapsed}: cleared");
            await restart!;
            Assert.True(prosumers.Reopens >= 1, "gateway 1's stream should have been reopened");
            Bits.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task Operator_restarted_mid_clearing_gets_its_multipliers_back_by_replay()
    {
        await using var host = await LoopbackMarket.StartAsync(gateways: 1);
        var scenario = TestScenarios.Radial(10, 12, 7);
        var options = new AdmmOptions();
        var expected = await LoopbackMarket.InProcessAsync(scenario, options, 1);
        var layout = MarketLayoutFactory.Create(scenario);
        var (prosumers, network) = LoopbackMarket.Ports(host, TestScenarios.Medium, layout, "operator-restart", Patient);
        Task? restart = null;
        var stopAt = new LoopbackMarket.At(50, () =>
        {
            host.StopNetworkOperatorAsync().GetAwaiter().GetResult();
            restart = Task.Run(async () =>
            {
                await Task.Delay(300);
                await host.RestartNetworkOperatorAsync();
            });
        });
        await using (prosumers)
        await using (network)
        {
            var actual = await new AdmmClearing(options).RunAsync(layout, prosumers, network, "operator-restart", stopAt, CancellationToken.None);
            await restart!;
            Assert.True(network.Reopens >= 1, "the operator's stream should have been reopened");
            Bits.Equal(expected, actual); // the restarted operator lost mu; the replayed steps rebuilt it exactly
        }
    }

    [Fact]
    public async Task Gateway_stopped_for_good_fails_the_clearing_with_unavailable_within_the_reconnect_budget()
    {
        await using var host = await LoopbackMarket.StartAsync(gateways: 2);
        var client = host.CreateCoordinatorClient();
        // Tolerances no clearing meets, so it is still running when the gateway goes.
        using var call = client.StartClearing(new StartClearingRequest
        {
            ScenarioId = TestScenarios.Medium, Mode = MarketMode.Ve, RelativeTolerance = 1e-300, AbsoluteTolerance = 1e-300, MaxIterations = 100_000,
        });
        string? clearingId = null;
        var clock = new Stopwatch();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var message in call.ResponseStream.ReadAllAsync())
            {
                clearingId = message.ClearingId;
                if (message.PayloadCase == StartClearingResponse.PayloadOneofCase.Progress && message.Progress.Iteration == 5 && !clock.IsRunning)
                {
                    await host.StopGatewayAsync(1);
                    clock.Start();
                }
            }
        });
        clock.Stop();
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("gateway 1", error.Status.Detail);
        Assert.Contains("reconnect", error.Status.Detail);
        // 3 reconnects after 0.2 + 0.4 + 0.8 s of backoff; refused connections fail at once.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"failed after {clock.Elapsed}, expected within the reconnect budget");

        var fetched = await Assert.ThrowsAsync<RpcException>(async () => await client.GetResultAsync(new GetResultRequest { ClearingId = clearingId }));
        Assert.Equal(StatusCode.Unavailable, fetched.StatusCode);

        // The services still running are unaffected.
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(host.GatewayAddresses[0]);
        var status = await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest());
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, status.Status);
    }

    [Fact]
    public async Task A_silent_gateway_hits_the_iteration_timeout_instead_of_hanging()
    {
        // A gateway whose solver never answers: each attempt times out, then the clearing fails with UNAVAILABLE.
        await using var host = await Services.Hosting.Local.LocalMarketHost.StartAsync(new()
        {
            GatewayCount = 1,
            IterationTimeout = TimeSpan.FromMilliseconds(300),
            ReconnectAttempts = 1,
            ReconnectBackoff = TimeSpan.FromMilliseconds(50),
            ConfigureServices = (name, services) =>
            {
                TestScenarios.Register(services);
                if (name.StartsWith("gateway", StringComparison.Ordinal))
                    Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Services.Hosting.ProsumerGateway.IShardPortFactory>(
                        services, new Fakes.StallingShardPortFactory());
            },
        });
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = host.CreateCoordinatorClient().StartClearing(new StartClearingRequest { ScenarioId = TestScenarios.Small, Mode = MarketMode.Ve });
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
            }
        });
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("iteration timeout", error.Status.Detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"failed after {clock.Elapsed}");
    }
}
