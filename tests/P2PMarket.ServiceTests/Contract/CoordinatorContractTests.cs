using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using P2PMarket.Protos.V1;
using P2PMarket.Services.Hosting.Coordinator;
using P2PMarket.Services.NetworkOperator;
using CoordinatorProgram = P2PMarket.Services.Coordinator.Program;
using GatewayProgram = P2PMarket.Services.ProsumerGateway.Program;

namespace P2PMarket.ServiceTests.Contract;

/// <summary>The coordinator hosted in memory, wired to an in-memory operator and gateway, called through its generated
/// client: a clearing streams progress and ends with its result; bad requests get codes naming the field.</summary>
public sealed class CoordinatorContractTests : IClassFixture<CoordinatorContractTests.Market>
{
    private readonly CoordinatorService.CoordinatorServiceClient client;
    private readonly Market market;

    public CoordinatorContractTests(Market market)
    {
        this.market = market;
        client = new CoordinatorService.CoordinatorServiceClient(market.Coordinator.Channel);
    }

    [Fact]
    public async Task A_clearing_streams_started_then_progress_then_its_result_which_GetResult_returns_again()
    {
        using var call = client.StartClearing(new StartClearingRequest { ScenarioId = TestScenarios.Small, Mode = MarketMode.Ve });
        var messages = new List<StartClearingResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync()) messages.Add(message);

        var id = messages[0].ClearingId;
        Assert.All(messages, m => Assert.Equal(id, m.ClearingId));
        Assert.Equal(StartClearingResponse.PayloadOneofCase.Started, messages[0].PayloadCase);
        Assert.Equal(5, messages[0].Started.ProsumerCount);
        var progress = messages.Skip(1).SkipLast(1).Select(m => m.Progress).ToList();
        Assert.Equal(Enumerable.Range(1, progress.Count), progress.Select(p => p.Iteration));
        Assert.All(progress, p => Assert.True(p.Rho > 0));
        var result = messages[^1].Result;
        Assert.True(result.Converged);
        Assert.Equal(ClearingExit.Converged, result.Exit);
        Assert.Equal(progress.Count, result.Iterations);
        Assert.Equal(5, result.Prosumers.Count);
        Assert.All(result.Prosumers, p => Assert.Equal(4, p.Trades.Count));
        Assert.Equal(Enumerable.Repeat(1.0, 5), result.Weights);
        Assert.NotEmpty(result.Multipliers);
        Assert.Contains(result.Multipliers, m => m.Multiplier > 0);

        var fetched = await client.GetResultAsync(new GetResultRequest { ClearingId = id });
        Assert.Equal(result, fetched.Result);
    }

    public static TheoryData<string, StatusCode, string> BadRequests() => new()
    {
        { "no-mode", StatusCode.InvalidArgument, "mode:" },
        { "unknown-scenario", StatusCode.NotFound, "scenario_id:" },
        { "empty-scenario", StatusCode.InvalidArgument, "scenario_id:" },
        { "weights-for-ve", StatusCode.InvalidArgument, "weights: expected no weights" },
        { "too-few-weights", StatusCode.InvalidArgument, "weights: expected 5 values" },
        { "zero-weight", StatusCode.InvalidArgument, "weights[1]:" },
        { "negative-tolerance", StatusCode.InvalidArgument, "relative_tolerance:" },
        { "nan-rho", StatusCode.InvalidArgument, "initial_rho:" },
        { "negative-iterations", StatusCode.InvalidArgument, "max_iterations:" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_requests_are_rejected_naming_the_field(string bad, StatusCode code, string message)
    {
        var request = new StartClearingRequest { ScenarioId = TestScenarios.Small, Mode = MarketMode.Nne };
        switch (bad)
        {
            case "no-mode": request.Mode = MarketMode.Unspecified; break;
            case "unknown-scenario": request.ScenarioId = "no-such-scenario"; break;
            case "empty-scenario": request.ScenarioId = ""; break;
            case "weights-for-ve": request.Mode = MarketMode.Ve; request.Weights.Add(Enumerable.Repeat(1.0, 5)); break;
            case "too-few-weights": request.Weights.Add([1.0, 1.0]); break;
            case "zero-weight": request.Weights.Add([1.0, 0.0, 1.0, 1.0, 1.0]); break;
            case "negative-tolerance": request.RelativeTolerance = -1e-4; break;
            case "nan-rho": request.InitialRho = double.NaN; break;
            case "negative-iterations": request.MaxIterations = -1; break;
        }
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = client.StartClearing(request);
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
            }
        });
        Assert.Equal(code, error.StatusCode);
        Assert.StartsWith(message, error.Status.Detail);
    }

    [Theory]
    [InlineData("", StatusCode.InvalidArgument)]
    [InlineData("0123456789abcdef0123456789abcdef", StatusCode.NotFound)]
    public async Task GetResult_of_an_unknown_clearing_names_clearing_id(string id, StatusCode code)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.GetResultAsync(new GetResultRequest { ClearingId = id }));
        Assert.Equal(code, error.StatusCode);
        Assert.StartsWith("clearing_id:", error.Status.Detail);
    }

    [Fact]
    public async Task GetResult_of_a_running_clearing_is_failed_precondition()
    {
        using var call = client.StartClearing(new StartClearingRequest
        {
            ScenarioId = TestScenarios.Medium, Mode = MarketMode.Ve, RelativeTolerance = 1e-300, AbsoluteTolerance = 1e-300, MaxIterations = 100_000,
        });
        Assert.True(await call.ResponseStream.MoveNext());
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetResultAsync(new GetResultRequest { ClearingId = call.ResponseStream.Current.ClearingId }));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("still running", error.Status.Detail);
    }

    [Fact]
    public async Task An_unreachable_gateway_fails_the_clearing_with_unavailable()
    {
        using var coordinator = new ServiceFactory<CoordinatorProgram>(new Dictionary<string, string?>
        {
            ["Coordinator:NetworkOperatorAddress"] = "http://127.0.0.1:9",
            ["Coordinator:GatewayAddresses:0"] = "http://127.0.0.1:9", // discard port: nothing listens
            ["Coordinator:ReconnectAttempts"] = "2",
            ["Coordinator:ReconnectBackoff"] = "00:00:00.050",
        });
        var unreachable = new CoordinatorService.CoordinatorServiceClient(coordinator.Channel);
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = unreachable.StartClearing(new StartClearingRequest { ScenarioId = TestScenarios.Small, Mode = MarketMode.Ve });
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
            }
        });
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("gateway 0 (http://127.0.0.1:9)", error.Status.Detail);
        Assert.Contains("after 2 reconnect attempts", error.Status.Detail);
    }

    [Fact]
    public async Task Missing_addresses_fail_the_start_naming_the_setting()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coordinator:NetworkOperatorAddress"] = "not a uri",
            ["Coordinator:GatewayAddresses:0"] = "",
        });
        builder.WebHost.UseTestServer();
        builder.AddCoordinator();
        await using var app = builder.Build();
        app.MapCoordinator();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("Coordinator:NetworkOperatorAddress", error.Message);
        Assert.Contains("Coordinator:GatewayAddresses:0", error.Message);
    }

    [Fact]
    public async Task Health_reports_serving()
    {
        var health = await new Health.HealthClient(market.Coordinator.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    /// <summary>Operator, one gateway and the coordinator, all in memory: the coordinator's channels go through the
    /// other two TestServers.</summary>
    public sealed class Market : IDisposable
    {
        private const string OperatorAddress = "http://network-operator.test";
        private const string GatewayAddress = "http://gateway-0.test";

        public Market()
        {
            Coordinator = new ServiceFactory<CoordinatorProgram>(
                new Dictionary<string, string?>
                {
                    ["Coordinator:NetworkOperatorAddress"] = OperatorAddress,
                    ["Coordinator:GatewayAddresses:0"] = GatewayAddress,
                },
                services => services.AddSingleton<IServiceChannelProvider>(new InMemoryChannels(new Dictionary<string, ChannelBase>
                {
                    [OperatorAddress] = Operator.Channel,
                    [GatewayAddress] = Gateway.Channel,
                })));
        }

        public ServiceFactory<Program> Operator { get; } = new();

        public ServiceFactory<GatewayProgram> Gateway { get; } = new();

        public ServiceFactory<CoordinatorProgram> Coordinator { get; }

        public void Dispose()
        {
            Coordinator.Dispose();
            Gateway.Dispose();
            Operator.Dispose();
        }
    }

    private sealed class InMemoryChannels(IReadOnlyDictionary<string, ChannelBase> channels) : IServiceChannelProvider
    {
        public ChannelBase For(string address) => channels[address];
    }
}
