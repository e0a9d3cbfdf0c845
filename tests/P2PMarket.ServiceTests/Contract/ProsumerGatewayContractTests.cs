using Grpc.Core;
using Grpc.Health.V1;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Ports;
using P2PMarket.Prosumers;
using P2PMarket.Protos.V1;

namespace P2PMarket.ServiceTests.Contract;

/// <summary>A gateway (shard 1 of 2 of the small market: prosumers 2..4) hosted in memory, called through its generated
/// client: one batched step per iteration, exact results, settlement, and status codes for bad input.</summary>
public sealed class ProsumerGatewayContractTests : IClassFixture<GatewayFixture>
{
    private static readonly Scenarios.Scenario Scenario = TestScenarios.Radial(6, 5, 2);
    private readonly ProsumerGatewayService.ProsumerGatewayServiceClient client;
    private readonly GatewayFixture fixture;

    public ProsumerGatewayContractTests(GatewayFixture fixture)
    {
        this.fixture = fixture;
        client = new ProsumerGatewayService.ProsumerGatewayServiceClient(fixture.Factory.Channel);
    }

    private static (int First, int Count) Block => ShardPlan.Split(5, 2)[1];

    private static (int First, int End) Slots => (Scenario.Trades.SlotStart(Block.First), Scenario.Trades.SlotCount);

    [Fact]
    public async Task Open_reports_the_shard_and_a_step_equals_the_in_process_shard_bit_for_bit()
    {
        using var call = client.Clear();
        var opened = (await ExchangeAsync(call, Open("gw-exact", 0))).Opened;
        Assert.Equal(Block.First, opened.FirstProsumer);
        Assert.Equal(Block.Count, opened.ProsumerCount);
        Assert.Equal(Slots.First, opened.FirstSlot);
        Assert.Equal(Slots.End - Slots.First, opened.SlotCount);

        var (request, expected) = InProcess(includeDecisions: true);
        var answer = await ExchangeAsync(call, Step("gw-exact", 0, request));
        Assert.Equal(0, answer.Context.Iteration);
        Bits.Equal(expected.Trades[Slots.First..Slots.End], answer.Step.TradeKw, "trades");
        Bits.Equal(expected.InjectionKw.AsSpan(Block.First, Block.Count).ToArray(), answer.Step.InjectionKw, "injections");
        Bits.Equal(expected.Decisions.AsSpan(Block.First, Block.Count).ToArray().Select(d => d.Cost), answer.Step.Decisions.CostUsd, "costs");
        Bits.Equal(expected.Decisions.AsSpan(Block.First, Block.Count).ToArray().Select(d => d.GenerationKw), answer.Step.Decisions.GenerationKw, "generation");

        // A resend of the same iteration is recomputed, deterministically.
        var resent = await ExchangeAsync(call, Step("gw-exact", 0, request));
        Bits.Equal(answer.Step.TradeKw, resent.Step.TradeKw, "trades of the resent iteration");
        var next = await ExchangeAsync(call, Step("gw-exact", 1, request));
        Assert.Equal(1, next.Context.Iteration);
        Assert.Null(next.Step.Decisions is { CostUsd.Count: > 0 } ? null : next.Step.Decisions); // decisions only on request
    }

    [Fact]
    public async Task Settlement_after_the_final_pass_gives_payoff_minus_cost_minus_payments()
    {
        using (var call = client.Clear())
        {
            await ExchangeAsync(call, Open("gw-settle", 0));
            var (request, _) = InProcess(includeDecisions: true);
            var answer = await ExchangeAsync(call, Step("gw-settle", 0, request));
            await call.RequestStream.CompleteAsync();

            var prosumer = Block.First;
            var partners = Scenario.Trades.PartnerCount(prosumer);
            var settle = new SettleRequest { ClearingId = "gw-settle", ProsumerId = Scenario.Prosumers[prosumer].Id, NetworkPrice = 0.01 };
            settle.TradePrice.Add(Enumerable.Repeat(0.12, partners));
            var settled = await client.SettleAsync(settle);

            var trades = answer.Step.TradeKw.Take(partners).ToArray();
            var injection = answer.Step.InjectionKw[0];
            Assert.Equal(answer.Step.Decisions.CostUsd[0], settled.CostUsd, 12);
            Assert.Equal(0.01 * injection, settled.NetworkChargeUsd, 12);
            Assert.Equal(-0.12 * trades.Sum(), settled.TradePaymentUsd, 12);
            Assert.Equal(-settled.CostUsd - settled.NetworkChargeUsd - settled.TradePaymentUsd, settled.PayoffUsd, 12);
        }
    }

    public static TheoryData<string, StatusCode, string> BadSettlements() => new()
    {
        { "unknown-clearing", StatusCode.NotFound, "clearing_id:" },
        { "foreign-prosumer", StatusCode.NotFound, "prosumer_id:" },
        { "short-prices", StatusCode.InvalidArgument, "trade_price: expected 4 values" },
        { "nan-price", StatusCode.InvalidArgument, "network_price:" },
        { "no-clearing-id", StatusCode.InvalidArgument, "clearing_id:" },
    };

    [Theory]
    [MemberData(nameof(BadSettlements))]
    public async Task Bad_settlement_requests_name_the_field(string bad, StatusCode code, string message)
    {
        var id = $"gw-settle-bad-{bad}";
        using (var call = client.Clear())
        {
            await ExchangeAsync(call, Open(id, 0));
            await ExchangeAsync(call, Step(id, 0, InProcess(includeDecisions: true).Request));
        }
        var request = new SettleRequest { ClearingId = id, ProsumerId = Scenario.Prosumers[Block.First].Id };
        request.TradePrice.Add(new double[4]);
        switch (bad)
        {
            case "unknown-clearing": request.ClearingId = "never-cleared"; break;
            case "foreign-prosumer": request.ProsumerId = Scenario.Prosumers[0].Id; break; // hosted by shard 0
            case "short-prices": request.TradePrice.RemoveAt(0); break;
            case "nan-price": request.NetworkPrice = double.NaN; break;
            case "no-clearing-id": request.ClearingId = ""; break;
        }
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.SettleAsync(request));
        Assert.Equal(code, error.StatusCode);
        Assert.StartsWith(message, error.Status.Detail);
    }

    public static TheoryData<string, StatusCode, string> BadMessages() => new()
    {
        { "wrong-shard-index", StatusCode.InvalidArgument, "open.shard_index: expected 1" },
        { "wrong-shard-count", StatusCode.InvalidArgument, "open.shard_count: expected 2" },
        { "unknown-scenario", StatusCode.NotFound, "open.scenario_id:" },
        { "step-before-open", StatusCode.FailedPrecondition, "step:" },
        { "short-trade-prices", StatusCode.InvalidArgument, "step.trade_price: expected" },
        { "nan-network-price", StatusCode.InvalidArgument, "step.network_price[0]: expected a finite number" },
        { "negative-rho", StatusCode.InvalidArgument, "step.rho:" },
        { "negative-trade-limit", StatusCode.InvalidArgument, "step.trade_limit_kw[0]: expected a limit >= 0" },
        { "short-trade-limits", StatusCode.InvalidArgument, "step.trade_limit_kw: expected" },
        { "out-of-order", StatusCode.FailedPrecondition, "context.iteration:" },
        { "wrong-first-iteration", StatusCode.FailedPrecondition, "context.iteration:" },
        { "no-clearing-id", StatusCode.InvalidArgument, "context.clearing_id:" },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task Bad_stream_input_fails_that_stream_with_a_code_naming_the_field(string bad, StatusCode code, string message)
    {
        var id = $"gw-bad-{bad}";
        var request = InProcess(includeDecisions: false).Request;
        var step = Step(id, 0, request);
        var messages = bad switch
        {
            "wrong-shard-index" => new[] { Open(id, 0, shardIndex: 0) },
            "wrong-shard-count" => [Open(id, 0, shardCount: 3)],
            "unknown-scenario" => [Open(id, 0, scenarioId: "nope")],
            "step-before-open" => [step],
            "short-trade-prices" => [Open(id, 0), Mutate(step, s => s.Step.TradePrice.RemoveAt(0))],
            "nan-network-price" => [Open(id, 0), Mutate(step, s => s.Step.NetworkPrice[0] = double.NaN)],
            "negative-rho" => [Open(id, 0), Mutate(step, s => s.Step.Rho = -1)],
            "negative-trade-limit" => [Open(id, 0), Mutate(step, s => s.Step.TradeLimitKw.Add(Enumerable.Repeat(-1.0, s.Step.TradePrice.Count)))],
            "short-trade-limits" => [Open(id, 0), Mutate(step, s => s.Step.TradeLimitKw.Add(50.0))],
            "out-of-order" => [Open(id, 0), step, Step(id, 5, request)],
            "wrong-first-iteration" => [Open(id, 3), step],
            "no-clearing-id" => [Open("", 0)],
            _ => throw new ArgumentOutOfRangeException(nameof(bad)),
        };
        using var healthy = client.Clear(); // a clearing beside the bad one, unaffected
        await ExchangeAsync(healthy, Open($"{id}-neighbour", 0));

        using var call = client.Clear();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            foreach (var m in messages) await ExchangeAsync(call, m);
        });
        Assert.Equal(code, error.StatusCode);
        Assert.StartsWith(message, error.Status.Detail);
        Assert.Equal(Block.Count, (await ExchangeAsync(healthy, Step($"{id}-neighbour", 0, request))).Step.InjectionKw.Count);
    }

    [Fact]
    public async Task Health_reports_serving()
    {
        var health = await new Health.HealthClient(fixture.Factory.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    /// <summary>A mid-clearing request for the whole market and what the in-process shard answers to it.</summary>
    private static (ProsumerStepRequest Request, ProsumerStepResult Result) InProcess(bool includeDecisions)
    {
        var graph = Scenario.Trades;
        var request = new ProsumerStepRequest(5, graph.SlotCount) { Rho = 0.05, InjectionProximal = 0.05, IncludeDecisions = includeDecisions };
        for (var i = 0; i < 5; i++)
        {
            request.NetworkPrice[i] = 0.002 * i;
            request.InjectionAnchorKw[i] = i % 2 == 0 ? 100 : -50;
        }
        for (var s = 0; s < graph.SlotCount; s++)
        {
            request.TradePrice[s] = 0.1 + 0.01 * (s % 5);
            request.TradeAnchor[s] = s % 3 - 1.0;
        }
        var result = new ProsumerStepResult(5, graph.SlotCount);
        new ProsumerShard(Scenario.Prosumers, graph, Scenario.Retail, Block.First, Block.Count).Step(request, result);
        return (request, result);
    }

    private static ProsumerGatewayServiceClearRequest Open(string clearingId, long iteration, int shardIndex = 1, int shardCount = 2,
        string scenarioId = TestScenarios.Small) => new()
    {
        Context = new IterationContext { ClearingId = clearingId, Iteration = iteration },
        Open = new OpenShardClearing { ScenarioId = scenarioId, ShardIndex = shardIndex, ShardCount = shardCount },
    };

    private static ProsumerGatewayServiceClearRequest Step(string clearingId, long iteration, ProsumerStepRequest request)
    {
        var step = new ShardStepInput { Rho = request.Rho, InjectionProximal = request.InjectionProximal, IncludeDecisions = request.IncludeDecisions };
        step.NetworkPrice.Add(request.NetworkPrice.AsSpan(Block.First, Block.Count).ToArray());
        step.InjectionAnchorKw.Add(request.InjectionAnchorKw.AsSpan(Block.First, Block.Count).ToArray());
        step.InjectionMinKw.Add(request.InjectionMinKw.AsSpan(Block.First, Block.Count).ToArray());
        step.InjectionMaxKw.Add(request.InjectionMaxKw.AsSpan(Block.First, Block.Count).ToArray());
        step.TradePrice.Add(request.TradePrice[Slots.First..Slots.End]);
        step.TradeAnchorKw.Add(request.TradeAnchor[Slots.First..Slots.End]);
        return new ProsumerGatewayServiceClearRequest { Context = new IterationContext { ClearingId = clearingId, Iteration = iteration }, Step = step };
    }

    private static ProsumerGatewayServiceClearRequest Mutate(ProsumerGatewayServiceClearRequest message, Action<ProsumerGatewayServiceClearRequest> change)
    {
        var copy = message.Clone();
        change(copy);
        return copy;
    }

    private static async Task<ProsumerGatewayServiceClearResponse> ExchangeAsync(
        AsyncDuplexStreamingCall<ProsumerGatewayServiceClearRequest, ProsumerGatewayServiceClearResponse> call, ProsumerGatewayServiceClearRequest message)
    {
        await call.RequestStream.WriteAsync(message);
        Assert.True(await call.ResponseStream.MoveNext());
        return call.ResponseStream.Current;
    }
}
