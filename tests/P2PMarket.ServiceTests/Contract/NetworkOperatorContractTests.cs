using Grpc.Core;
using Grpc.Health.V1;
using P2PMarket.Clearing.Network;
using P2PMarket.Clearing.Ports;
using P2PMarket.Protos.V1;
using Program = P2PMarket.Services.NetworkOperator.Program;

namespace P2PMarket.ServiceTests.Contract;

/// <summary>The network operator hosted in memory, called through its generated client: answers, and status codes
/// for bad input (each naming the field).</summary>
public sealed class NetworkOperatorContractTests : IClassFixture<NetworkOperatorFixture>
{
    private readonly NetworkOperatorService.NetworkOperatorServiceClient client;
    private readonly ServiceFactory<Program> factory;

    public NetworkOperatorContractTests(NetworkOperatorFixture fixture)
    {
        factory = fixture.Factory;
        client = new NetworkOperatorService.NetworkOperatorServiceClient(factory.Channel);
    }

    private static readonly Scenarios.Scenario Scenario = TestScenarios.Radial(6, 5, 2);

    [Fact]
    public async Task Feeder_summary_lists_buses_branches_limits_and_rows()
    {
        var feeder = await client.GetFeederAsync(new GetFeederRequest { ScenarioId = TestScenarios.Small });
        Assert.Equal(6, feeder.BusCount);
        Assert.Equal([1, 2, 3, 4, 5, 6], feeder.BusLabels);
        Assert.Equal(5, feeder.BranchLimitKw.Count);
        Assert.Equal(400.0 * 5 / 12, feeder.BranchLimitKw[0]);
        Assert.True(double.IsPositiveInfinity(feeder.BranchLimitKw[1]));
        Assert.Equal(Scenario.BuildNetworkConstraints().Labels, feeder.RowLabels);
        Assert.Equal(0.97, feeder.VoltageMinPu);
    }

    [Fact]
    public async Task Power_flow_of_zero_injections_matches_the_passive_feeder()
    {
        var response = await client.SolvePowerFlowAsync(Request(new double[6]));
        Assert.True(response.Converged);
        Assert.Equal(6, response.VoltagePu.Count);
        Assert.Equal(1.0, response.VoltagePu[0]);
        Assert.All(response.VoltagePu.Skip(1), v => Assert.InRange(v, 0.9, 1.0));
        Assert.All(response.VoltagePu.Zip(response.LinearVoltagePu), p => Assert.Equal(p.First, p.Second, 2));
        Assert.True(response.LossKw > 0);
    }

    [Theory]
    [InlineData(5, "bus_injection_kw: expected 6 values")]
    [InlineData(7, "bus_injection_kw: expected 6 values")]
    public async Task Power_flow_with_the_wrong_length_is_invalid_argument(int length, string message)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.SolvePowerFlowAsync(Request(new double[length])));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(message, error.Status.Detail);
    }

    [Fact]
    public async Task Power_flow_with_a_nan_names_the_element()
    {
        var injections = new double[6];
        injections[2] = double.NaN;
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.SolvePowerFlowAsync(Request(injections)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("bus_injection_kw[2]: expected a finite number", error.Status.Detail);
    }

    [Theory]
    [InlineData("no-such-scenario", StatusCode.NotFound)]
    [InlineData("", StatusCode.InvalidArgument)]
    public async Task Unknown_or_empty_scenario_is_rejected_naming_scenario_id(string id, StatusCode code)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.GetFeederAsync(new GetFeederRequest { ScenarioId = id }));
        Assert.Equal(code, error.StatusCode);
        Assert.StartsWith("scenario_id:", error.Status.Detail);
    }

    [Fact]
    public async Task Clear_stream_answers_exactly_like_the_in_process_updater_and_a_resend_returns_the_same_answer()
    {
        var expected = new NetworkPriceUpdater(Scenario.BuildNetworkConstraints());
        var expectedResult = new NetworkStepResult(6, expected.Description.RowLabels.Count);
        using var call = client.Clear();
        var opened = await ExchangeAsync(call, Open("contract-exact", 0));
        Assert.Equal(-1, opened.Opened.AppliedIteration);
        Assert.Equal(expected.Description.RowLabels, opened.Opened.Layout.RowLabels);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Description.NormalizedNormSquared), BitConverter.DoubleToInt64Bits(opened.Opened.Layout.NormalizedNormSquared));

        var injections = new[] { 0, 0, 300.0, 300, 300, 300 }; // exports far beyond the substation branch's limit
        for (var k = 0; k < 3; k++)
        {
            injections[1] -= 40;
            var answer = await ExchangeAsync(call, Step("contract-exact", k, 0.5, injections));
            expected.Step(injections, 0.5, expectedResult);
            Assert.Equal(k, answer.Context.Iteration);
            Bits.Equal(expectedResult.BusPrice, answer.Step.BusPrice, "bus prices");
            Bits.Equal(expectedResult.Multiplier, answer.Step.Multiplier, "multipliers");
            Bits.Equal(expectedResult.HeadroomUpKw, answer.Step.HeadroomUpKw, "headroom up");
            Assert.Equal(expectedResult.ViolationNorm, answer.Step.ViolationNorm);
        }
        Assert.Contains(expectedResult.Multiplier, mu => mu > 0);
        var resent = await ExchangeAsync(call, Step("contract-exact", 2, 0.5, injections));
        Bits.Equal(expectedResult.Multiplier, resent.Step.Multiplier, "multipliers of the resent iteration");
        Bits.Equal(expectedResult.BusPrice, resent.Step.BusPrice, "bus prices of the resent iteration");
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task A_reopened_clearing_resumes_from_the_last_applied_iteration()
    {
        var injections = new[] { 0, 0, 300.0, 300, 300, 300 };
        using (var first = client.Clear())
        {
            await ExchangeAsync(first, Open("contract-resume", 0));
            await ExchangeAsync(first, Step("contract-resume", 0, 0.5, injections));
            await ExchangeAsync(first, Step("contract-resume", 1, 0.5, injections));
        } // broken without a normal end: the operator keeps the clearing
        using var second = client.Clear();
        var opened = await ExchangeAsync(second, Open("contract-resume", 2));
        Assert.Equal(1, opened.Opened.AppliedIteration);
        var answer = await ExchangeAsync(second, Step("contract-resume", 2, 0.5, injections));

        var expected = new NetworkPriceUpdater(Scenario.BuildNetworkConstraints());
        var result = new NetworkStepResult(6, expected.Description.RowLabels.Count);
        for (var k = 0; k < 3; k++) expected.Step(injections, 0.5, result);
        Assert.Contains(result.Multiplier, mu => mu > 0);
        Bits.Equal(result.Multiplier, answer.Step.Multiplier, "multipliers after resume");
    }

    [Fact]
    public async Task A_resend_with_a_different_input_is_applied_to_the_state_before_the_last_step()
    {
        var a = new[] { 0, 0, 300.0, 300, 300, 300 };
        var b = new[] { 0, -100.0, 300, 300, 300, 300 };
        using var call = client.Clear();
        await ExchangeAsync(call, Open("contract-redo", 0));
        await ExchangeAsync(call, Step("contract-redo", 0, 0.5, a));
        await ExchangeAsync(call, Step("contract-redo", 1, 0.5, a));
        var redone = await ExchangeAsync(call, Step("contract-redo", 1, 0.7, b));

        var expected = new NetworkPriceUpdater(Scenario.BuildNetworkConstraints());
        var result = new NetworkStepResult(6, expected.Description.RowLabels.Count);
        expected.Step(a, 0.5, result);
        expected.Step(b, 0.7, result);
        Assert.Contains(result.Multiplier, mu => mu > 0);
        Bits.Equal(result.Multiplier, redone.Step.Multiplier, "multipliers of the redone step");
        Bits.Equal(result.BusPrice, redone.Step.BusPrice, "bus prices of the redone step");
    }

    public static TheoryData<string, StatusCode, string> BadMessages() => new()
    {
        { "step-before-open", StatusCode.FailedPrecondition, "step: the first message of a stream must open a clearing" },
        { "unknown-scenario", StatusCode.NotFound, "open.scenario_id:" },
        { "no-clearing-id", StatusCode.InvalidArgument, "context.clearing_id:" },
        { "short-array", StatusCode.InvalidArgument, "step.bus_injection_kw: expected 6 values" },
        { "nan", StatusCode.InvalidArgument, "step.bus_injection_kw[3]: expected a finite number" },
        { "negative-step", StatusCode.InvalidArgument, "step.dual_step:" },
        { "skipped-iteration", StatusCode.FailedPrecondition, "context.iteration:" },
        { "other-clearing", StatusCode.InvalidArgument, "context.clearing_id:" },
        { "empty", StatusCode.InvalidArgument, "payload:" },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task Bad_stream_input_fails_that_stream_with_a_code_naming_the_field(string bad, StatusCode code, string message)
    {
        var id = $"contract-bad-{bad}";
        var injections = new double[6];
        var messages = bad switch
        {
            "step-before-open" => new[] { Step(id, 0, 0.5, injections) },
            "unknown-scenario" => [new NetworkOperatorServiceClearRequest { Context = new IterationContext { ClearingId = id }, Open = new OpenNetworkClearing { ScenarioId = "nope" } }],
            "no-clearing-id" => [Open("", 0)],
            "short-array" => [Open(id, 0), Step(id, 0, 0.5, new double[5])],
            "nan" => [Open(id, 0), Step(id, 0, 0.5, [0, 0, 0, double.NaN, 0, 0])],
            "negative-step" => [Open(id, 0), Step(id, 0, -1, injections)],
            "skipped-iteration" => [Open(id, 0), Step(id, 0, 0.5, injections), Step(id, 2, 0.5, injections)],
            "other-clearing" => [Open(id, 0), Step("someone-else", 0, 0.5, injections)],
            "empty" => [new NetworkOperatorServiceClearRequest { Context = new IterationContext { ClearingId = id } }],
            _ => throw new ArgumentOutOfRangeException(nameof(bad)),
        };

        // Another clearing runs beside the bad one and is unaffected.
        using var healthy = client.Clear();
        await ExchangeAsync(healthy, Open($"{id}-neighbour", 0));

        using var call = client.Clear();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            foreach (var m in messages) await ExchangeAsync(call, m);
        });
        Assert.Equal(code, error.StatusCode);
        Assert.StartsWith(message, error.Status.Detail);

        var answer = await ExchangeAsync(healthy, Step($"{id}-neighbour", 0, 0.5, injections));
        Assert.Equal(6, answer.Step.BusPrice.Count);
    }

    [Fact]
    public async Task Health_reports_serving()
    {
        var health = await new Health.HealthClient(factory.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    private static SolvePowerFlowRequest Request(double[] injections)
    {
        var request = new SolvePowerFlowRequest { ScenarioId = TestScenarios.Small };
        request.BusInjectionKw.Add(injections);
        return request;
    }

    private static NetworkOperatorServiceClearRequest Open(string clearingId, long iteration) => new()
    {
        Context = new IterationContext { ClearingId = clearingId, Iteration = iteration },
        Open = new OpenNetworkClearing { ScenarioId = TestScenarios.Small },
    };

    private static NetworkOperatorServiceClearRequest Step(string clearingId, long iteration, double dualStep, double[] injections)
    {
        var message = new NetworkOperatorServiceClearRequest
        {
            Context = new IterationContext { ClearingId = clearingId, Iteration = iteration },
            Step = new NetworkStepInput { DualStep = dualStep },
        };
        message.Step.BusInjectionKw.Add(injections);
        return message;
    }

    private static async Task<NetworkOperatorServiceClearResponse> ExchangeAsync(
        AsyncDuplexStreamingCall<NetworkOperatorServiceClearRequest, NetworkOperatorServiceClearResponse> call, NetworkOperatorServiceClearRequest message)
    {
        await call.RequestStream.WriteAsync(message);
        Assert.True(await call.ResponseStream.MoveNext());
        return call.ResponseStream.Current;
    }
}
