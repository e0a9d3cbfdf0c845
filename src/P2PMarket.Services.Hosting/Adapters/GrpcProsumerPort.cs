using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Ports;
using P2PMarket.Prosumers;
using P2PMarket.Protos.V1;
using P2PMarket.Services.Hosting.Protocol;
using P2PMarket.Services.Hosting.Sharding;

namespace P2PMarket.Services.Hosting.Adapters;

/// <summary>
/// "The prosumers" over gRPC: the market split into contiguous shards, one gateway and one long-lived <c>Clear</c>
/// stream per shard. Each iteration scatters the request's ranges to every gateway concurrently (one batched message
/// each) and gathers their trades and injections into the global arrays. Doubles cross the wire as their bit
/// patterns, so results are bit-identical to <see cref="InProcessProsumerPort"/>. Gateways keep no state between
/// iterations, so a broken stream is reopened and the unacknowledged iteration resent (recomputed exactly).
/// </summary>
public sealed class GrpcProsumerPort : IProsumerPort
{
    private readonly ShardLink[] links;
    private readonly TradeGraph graph;
    private readonly string clearingId;

    /// <summary>Creates the port; streams open on first use (or <see cref="OpenAsync"/>).</summary>
    /// <param name="gateways">Gateways in shard order (gateway g hosts shard g of the count).</param>
    /// <param name="layout">The coordinator's view of the market (for the shard ranges).</param>
    /// <param name="scenarioId">Scenario of the clearing.</param>
    /// <param name="clearingId">Identifier of the clearing (every request must carry it).</param>
    /// <param name="options">Timeout and reconnect settings.</param>
    /// <param name="tracing">Trace context per iteration (null = none).</param>
    /// <param name="logger">Logs reconnects.</param>
    public GrpcProsumerPort(IReadOnlyList<GatewayEndpoint> gateways, MarketLayout layout, string scenarioId, string clearingId,
        ClearingStreamOptions options, IIterationTracing? tracing = null, ILogger? logger = null)
    {
        if (gateways.Count == 0) throw new ArgumentException("gateways: expected at least one gateway", nameof(gateways));
        graph = layout.Trades;
        this.clearingId = clearingId;
        Shards = ShardRange.All(graph, gateways.Count);
        links = gateways.Select((g, i) => new ShardLink(g, Shards[i], scenarioId, clearingId, options, tracing ?? NoIterationTracing.Instance,
            logger ?? NullLogger.Instance)).ToArray();
    }

    /// <summary>The shard of each gateway, in order.</summary>
    public IReadOnlyList<ShardRange> Shards { get; }

    /// <summary>Reconnects done so far, over all gateways.</summary>
    public int Reopens => links.Sum(l => l.Reopens);

    /// <summary>Opens every gateway's stream now (otherwise the first step does).</summary>
    public Task OpenAsync(CancellationToken cancellationToken) => Task.WhenAll(links.Select(l => l.OpenAsync(0, cancellationToken)));

    /// <inheritdoc />
    public async ValueTask StepAsync(ProsumerStepRequest request, ProsumerStepResult result, CancellationToken cancellationToken)
    {
        if (request.ClearingId != clearingId)
            throw new ArgumentException($"request.ClearingId: expected '{clearingId}' (this port's clearing), got '{request.ClearingId}'", nameof(request));
        if (links.Length == 1)
        {
            await links[0].StepAsync(request, result, cancellationToken);
            return;
        }
        var steps = new Task[links.Length];
        for (var g = 0; g < links.Length; g++) steps[g] = links[g].StepAsync(request, result, cancellationToken);
        await Task.WhenAll(steps);
    }

    /// <summary>Settles prosumer <paramref name="prosumer"/> with its gateway after the final pass.</summary>
    /// <param name="prosumer">Global prosumer index.</param>
    /// <param name="prosumerId">Its id.</param>
    /// <param name="networkPrice">Its final network price, $/kWh.</param>
    /// <param name="tradePrice">Final trade prices of all slots, $/kWh (its own range is sent).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<SettleResponse> SettleAsync(int prosumer, string prosumerId, double networkPrice, double[] tradePrice, CancellationToken cancellationToken)
    {
        var link = links.First(l => l.Shard.Contains(prosumer));
        var request = new SettleRequest { ClearingId = clearingId, ProsumerId = prosumerId, NetworkPrice = networkPrice };
        ProtoArrays.Fill(request.TradePrice, tradePrice, graph.SlotStart(prosumer), graph.PartnerCount(prosumer));
        return await link.SettleAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var link in links) await link.DisposeAsync();
    }

    /// <summary>One gateway's stream: scatter of its ranges, gather of its answers.</summary>
    private sealed class ShardLink : IAsyncDisposable
    {
        private readonly GatewayEndpoint gateway;
        private readonly string scenarioId;
        private readonly string clearingId;
        private readonly IIterationTracing tracing;
        private readonly ClearingStream<ProsumerGatewayServiceClearRequest, ProsumerGatewayServiceClearResponse> stream;
        private readonly ProsumerGatewayServiceClearRequest message;
        private readonly ClearingStreamOptions options;
        private bool opened;

        public ShardLink(GatewayEndpoint gateway, ShardRange shard, string scenarioId, string clearingId, ClearingStreamOptions options,
            IIterationTracing tracing, ILogger logger)
        {
            this.gateway = gateway;
            Shard = shard;
            this.scenarioId = scenarioId;
            this.clearingId = clearingId;
            this.tracing = tracing;
            this.options = options;
            message = new ProsumerGatewayServiceClearRequest { Context = new IterationContext { ClearingId = clearingId }, Step = new ShardStepInput() };
            stream = new(gateway.Name, () => gateway.Client.Clear(), ReopenAsync, options, logger);
        }

        public ShardRange Shard { get; }

        public int Reopens { get; private set; }

        public Task OpenAsync(long iteration, CancellationToken cancellationToken) => stream.EnsureOpenAsync(iteration, cancellationToken);

        public async Task StepAsync(ProsumerStepRequest request, ProsumerStepResult result, CancellationToken cancellationToken)
        {
            var first = Shard.FirstProsumer;
            var count = Shard.ProsumerCount;
            var step = message.Step;
            message.Context.Iteration = request.Iteration;
            TracePropagation.Inject(tracing.ForStep(request.Iteration, request.IncludeDecisions), message.Context);
            step.Rho = request.Rho;
            step.InjectionProximal = request.InjectionProximal;
            step.IncludeDecisions = request.IncludeDecisions;
            ProtoArrays.Fill(step.NetworkPrice, request.NetworkPrice, first, count);
            ProtoArrays.Fill(step.InjectionAnchorKw, request.InjectionAnchorKw, first, count);
            ProtoArrays.Fill(step.InjectionMinKw, request.InjectionMinKw, first, count);
            ProtoArrays.Fill(step.InjectionMaxKw, request.InjectionMaxKw, first, count);
            ProtoArrays.Fill(step.TradePrice, request.TradePrice, Shard.FirstSlot, Shard.SlotCount);
            ProtoArrays.Fill(step.TradeAnchorKw, request.TradeAnchor, Shard.FirstSlot, Shard.SlotCount);
            ProtoArrays.Fill(step.TradeLimitKw, request.TradeLimitKw, Shard.FirstSlot, Shard.SlotCount);

            var response = await stream.SendAsync(message, request.Iteration, cancellationToken);
            var output = Check(response, request.Iteration, request.IncludeDecisions);
            ProtoArrays.CopyTo(output.TradeKw, result.Trades, Shard.FirstSlot);
            ProtoArrays.CopyTo(output.InjectionKw, result.InjectionKw, first);
            if (request.IncludeDecisions)
            {
                var d = output.Decisions;
                for (var i = 0; i < count; i++)
                    result.Decisions[first + i] = new LocalDecision(d.GenerationKw[i], d.PvUsedKw[i], d.FlexibleDemandKw[i], d.ImportKw[i],
                        d.ExportKw[i], d.InjectionKw[i], d.BalancePrice[i], d.CostUsd[i], d.InjectionBoundPrice[i]);
            }
        }

        public async Task<SettleResponse> SettleAsync(SettleRequest request, CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(options.IterationTimeout);
                    return await gateway.Client.SettleAsync(request, cancellationToken: timeout.Token);
                }
                catch (RpcException e) when (!cancellationToken.IsCancellationRequested && attempt < options.ReconnectAttempts
                    && ClearingStream<SettleRequest, SettleResponse>.IsTransient(e))
                {
                    await Task.Delay(options.ReconnectBackoff * Math.Pow(2, attempt), cancellationToken);
                }
                catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
                {
                    var code = ClearingStream<SettleRequest, SettleResponse>.IsTransient(e) ? StatusCode.Unavailable : e.StatusCode;
                    throw new RpcException(new Status(code, $"{gateway.Name}: settlement of '{request.ProsumerId}': {e.Status.Detail}"));
                }
            }
        }

        public ValueTask DisposeAsync() => stream.DisposeAsync();

        private async Task ReopenAsync(long iteration, CancellationToken cancellationToken)
        {
            var open = new ProsumerGatewayServiceClearRequest
            {
                Context = new IterationContext { ClearingId = clearingId, Iteration = iteration },
                Open = new OpenShardClearing { ScenarioId = scenarioId, ShardIndex = Shard.Index, ShardCount = Shard.Count },
            };
            var response = await stream.ExchangeAsync(open, cancellationToken);
            if (response.PayloadCase != ProsumerGatewayServiceClearResponse.PayloadOneofCase.Opened)
                throw Protocol($"expected an answer to open, got {response.PayloadCase}");
            var hosted = response.Opened;
            if (hosted.FirstProsumer != Shard.FirstProsumer || hosted.ProsumerCount != Shard.ProsumerCount
                || hosted.FirstSlot != Shard.FirstSlot || hosted.SlotCount != Shard.SlotCount)
                throw Protocol($"the gateway hosts prosumers [{hosted.FirstProsumer}, {hosted.FirstProsumer + hosted.ProsumerCount}) and slots "
                    + $"[{hosted.FirstSlot}, {hosted.FirstSlot + hosted.SlotCount}), but {Shard} was expected (a different scenario?)");
            if (opened) Reopens++;
            opened = true;
        }

        private ShardStepOutput Check(ProsumerGatewayServiceClearResponse response, long iteration, bool includeDecisions)
        {
            if (response.PayloadCase != ProsumerGatewayServiceClearResponse.PayloadOneofCase.Step)
                throw Protocol($"expected a step answer for iteration {iteration}, got {response.PayloadCase}");
            if (response.Context?.Iteration != iteration || response.Context.ClearingId != clearingId)
                throw Protocol($"expected the answer to iteration {iteration} of clearing {clearingId}, got iteration {response.Context?.Iteration} of '{response.Context?.ClearingId}'");
            var step = response.Step;
            if (step.TradeKw.Count != Shard.SlotCount || step.InjectionKw.Count != Shard.ProsumerCount)
                throw Protocol($"expected {Shard.SlotCount} trades and {Shard.ProsumerCount} injections, got {step.TradeKw.Count} and {step.InjectionKw.Count}");
            if (includeDecisions)
            {
                var d = step.Decisions;
                var n = Shard.ProsumerCount;
                if (d is null || d.GenerationKw.Count != n || d.PvUsedKw.Count != n || d.FlexibleDemandKw.Count != n || d.ImportKw.Count != n
                    || d.ExportKw.Count != n || d.InjectionKw.Count != n || d.BalancePrice.Count != n || d.CostUsd.Count != n
                    || d.InjectionBoundPrice.Count != n)
                    throw Protocol($"expected {n} values of every decision variable on the final pass");
            }
            return step;
        }

        private RpcException Protocol(string message) => new(new Status(StatusCode.FailedPrecondition, $"{gateway.Name}: protocol violation: {message}"));
    }
}
