using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using P2PMarket.Protos.V1;
using P2PMarket.Services.Hosting.Protocol;
using P2PMarket.Services.Hosting.Scenarios;
using P2PMarket.Services.Hosting.Sharding;

namespace P2PMarket.Services.Hosting.ProsumerGateway;

/// <summary>
/// A prosumer gateway over gRPC: a thin adapter that validates messages, maps them to its shard's
/// <see cref="ShardClearingSession"/> and maps errors to status codes. It builds a solver for its own block of
/// prosumers only; their parameters never leave (answers carry quantities and money totals).
/// </summary>
public sealed class ProsumerGatewayGrpcService(
    ScenarioCatalog catalog,
    IShardPortFactory shards,
    SettlementBook settlements,
    ProsumerGatewayTelemetry telemetry,
    IOptions<ProsumerGatewayOptions> options,
    IHostApplicationLifetime lifetime) : ProsumerGatewayService.ProsumerGatewayServiceBase
{
    private int ShardIndex => options.Value.ShardIndex!.Value;

    private int ShardCount => options.Value.ShardCount;

    /// <inheritdoc />
    public override async Task Clear(IAsyncStreamReader<ProsumerGatewayServiceClearRequest> requestStream,
        IServerStreamWriter<ProsumerGatewayServiceClearResponse> responseStream, ServerCallContext context)
    {
        ShardClearingSession? session = null;
        while (await StreamReading.NextAsync(requestStream, context.CancellationToken, lifetime.ApplicationStopping, $"gateway {ShardIndex}"))
        {
            var message = requestStream.Current;
            message.Context ??= new IterationContext();
            var clearingId = message.Context.ClearingId;
            if (string.IsNullOrEmpty(clearingId)) throw ServiceErrors.InvalidArgument("context.clearing_id", "a clearing id, got none");
            if (session is not null && clearingId != session.ClearingId)
                throw ServiceErrors.InvalidArgument("context.clearing_id", $"'{session.ClearingId}' (the clearing this stream opened), got '{clearingId}'");
            ProsumerGatewayServiceClearResponse response;
            switch (message.PayloadCase)
            {
                case ProsumerGatewayServiceClearRequest.PayloadOneofCase.Open:
                    if (session is not null) throw ServiceErrors.FailedPrecondition("open", $"this stream already opened clearing {session.ClearingId}");
                    session = Open(message);
                    var opened = new ShardClearingOpened
                    {
                        FirstProsumer = session.Shard.FirstProsumer,
                        ProsumerCount = session.Shard.ProsumerCount,
                        FirstSlot = session.Shard.FirstSlot,
                        SlotCount = session.Shard.SlotCount,
                    };
                    response = new ProsumerGatewayServiceClearResponse { Context = Echo(message.Context, null), Opened = opened };
                    break;
                case ProsumerGatewayServiceClearRequest.PayloadOneofCase.Step:
                    if (session is null) throw ServiceErrors.FailedPrecondition("step", "the first message of a stream must open a clearing");
                    response = await StepAsync(session, message, context.CancellationToken);
                    break;
                default:
                    throw ServiceErrors.InvalidArgument("payload", "open or step, got neither");
            }
            await responseStream.WriteAsync(response, context.CancellationToken);
        }
    }

    /// <inheritdoc />
    public override Task<SettleResponse> Settle(SettleRequest request, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(request.ClearingId)) throw ServiceErrors.InvalidArgument("clearing_id", "a clearing id, got none");
        var entry = settlements.Find(request.ClearingId)
            ?? throw ServiceErrors.NotFound("clearing_id", $"no finished clearing '{request.ClearingId}' on gateway {ShardIndex} (unknown, still running, or evicted)");
        var prosumer = entry.IndexOf(request.ProsumerId)
            ?? throw ServiceErrors.NotFound("prosumer_id", $"'{request.ProsumerId}' is not hosted by {entry.Shard}");
        if (!double.IsFinite(request.NetworkPrice)) throw ServiceErrors.InvalidArgument("network_price", $"a finite number, got {request.NetworkPrice}");
        ServiceErrors.RequireValues(request.TradePrice, "trade_price", entry.Scenario.Trades.PartnerCount(prosumer), $"trade slot of prosumer '{request.ProsumerId}'");
        var settlement = entry.Settle(prosumer, request.TradePrice.ToArray(), request.NetworkPrice);
        return Task.FromResult(new SettleResponse
        {
            ProsumerId = request.ProsumerId,
            CostUsd = settlement.CostUsd,
            NetworkChargeUsd = settlement.NetworkChargeUsd,
            TradePaymentUsd = settlement.TradePaymentUsd,
            PayoffUsd = settlement.PayoffUsd,
        });
    }

    private ShardClearingSession Open(ProsumerGatewayServiceClearRequest message)
    {
        var open = message.Open;
        var scenario = catalog.ResolveForCall(open.ScenarioId, "open.scenario_id");
        if (open.ShardCount != ShardCount)
            throw ServiceErrors.InvalidArgument("open.shard_count", $"{ShardCount} (this gateway's configuration), got {open.ShardCount}");
        if (open.ShardIndex != ShardIndex)
            throw ServiceErrors.InvalidArgument("open.shard_index", $"{ShardIndex} (this gateway hosts shard {ShardIndex} of {ShardCount}), got {open.ShardIndex}");
        ShardRange shard;
        try
        {
            shard = ShardRange.Of(scenario.Trades, ShardIndex, ShardCount);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw ServiceErrors.FailedPrecondition("open.shard_count", e.Message.Split(" (Parameter")[0]);
        }
        return new ShardClearingSession(message.Context.ClearingId, scenario, shard, shards.Create(scenario, shard), message.Context.Iteration);
    }

    private async Task<ProsumerGatewayServiceClearResponse> StepAsync(ShardClearingSession session,
        ProsumerGatewayServiceClearRequest message, CancellationToken cancellationToken)
    {
        var step = message.Step;
        session.Validate(message.Context.Iteration, step);
        var started = Stopwatch.GetTimestamp();
        using var activity = ProsumerGatewayTelemetry.StartStep(message.Context, ShardIndex, session.Shard.ProsumerCount, step.Rho, step.IncludeDecisions);
        var output = await session.StepAsync(message.Context.Iteration, step, cancellationToken);
        if (step.IncludeDecisions)
        {
            var (decisions, trades) = session.FinalState();
            settlements.Record(session.ClearingId, session.Scenario, session.Shard, decisions, trades);
        }
        telemetry.RecordStep(Stopwatch.GetElapsedTime(started).TotalSeconds, ShardIndex);
        return new ProsumerGatewayServiceClearResponse { Context = Echo(message.Context, activity), Step = output };
    }

    private static IterationContext Echo(IterationContext context, Activity? activity)
    {
        var echo = new IterationContext { ClearingId = context.ClearingId, Iteration = context.Iteration };
        TracePropagation.Inject(activity, echo);
        return echo;
    }
}
