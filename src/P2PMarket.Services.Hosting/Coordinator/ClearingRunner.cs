using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using P2PMarket.Clearing.Admm;
using P2PMarket.Protos.V1;
using P2PMarket.Services.Hosting.Adapters;

namespace P2PMarket.Services.Hosting.Coordinator;

/// <summary>
/// Runs one clearing: the unchanged <see cref="AdmmClearing"/> loop over the gRPC adapters of the two ports (one
/// stream per gateway, one to the operator), then the settlement of every prosumer by its gateway.
/// </summary>
public sealed class ClearingRunner(
    IServiceChannelProvider channels,
    IOptions<CoordinatorOptions> options,
    CoordinatorTelemetry telemetry,
    ILogger<ClearingRunner> logger)
{
    /// <summary>Settlement calls in flight at once.</summary>
    private const int SettlementConcurrency = 16;

    /// <summary>Clears <paramref name="spec"/>; reports the start and every iteration to <paramref name="report"/>.</summary>
    /// <exception cref="Grpc.Core.RpcException"><c>UNAVAILABLE</c> when a service stays unreachable; other codes passed on.</exception>
    public async Task<ClearingResult> RunAsync(ClearingSpec spec, string clearingId, Action<StartClearingResponse> report, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var layout = spec.Layout;
        var gateways = settings.GatewayAddresses
            .Select((address, g) => new GatewayEndpoint($"gateway {g} ({address})", new ProsumerGatewayService.ProsumerGatewayServiceClient(channels.For(address))))
            .ToArray();
        var tracer = new ClearingTracer(clearingId, spec, gateways.Length, telemetry,
            iteration => report(new StartClearingResponse { ClearingId = clearingId, Progress = ClearingResults.ToMessage(iteration) }));
        AdmmOutcome? outcome = null;
        try
        {
            await using var prosumers = new GrpcProsumerPort(gateways, layout, spec.ScenarioId, clearingId, settings.StreamOptions, tracer, logger);
            await using var network = spec.Options.UseNetwork
                ? new GrpcNetworkOperatorPort(new NetworkOperatorService.NetworkOperatorServiceClient(channels.For(settings.NetworkOperatorAddress)),
                    $"network operator ({settings.NetworkOperatorAddress})", spec.ScenarioId, clearingId, settings.StreamOptions, tracer, logger)
                : null;
            await prosumers.OpenAsync(cancellationToken);
            var description = network is null ? null : await network.DescribeAsync(cancellationToken);
            report(new StartClearingResponse
            {
                ClearingId = clearingId,
                Started = new ClearingStarted { ProsumerCount = layout.Trades.ProsumerCount, GatewayCount = gateways.Length, TraceId = tracer.TraceId },
            });

            outcome = await new AdmmClearing(spec.Options).RunAsync(layout, prosumers, network, clearingId, tracer, cancellationToken);

            var settlements = new SettleResponse[layout.Trades.ProsumerCount];
            await Parallel.ForEachAsync(Enumerable.Range(0, settlements.Length),
                new ParallelOptions { MaxDegreeOfParallelism = SettlementConcurrency, CancellationToken = cancellationToken },
                async (i, token) => settlements[i] = await prosumers.SettleAsync(i, spec.ProsumerIds[i], outcome.NetworkPrice[i], outcome.TradePrice, token));
            tracer.Finish(outcome, null);
            return ClearingResults.ToMessage(clearingId, spec, outcome, description?.RowLabels ?? [], settlements);
        }
        catch (Exception e)
        {
            tracer.Finish(outcome, e);
            throw;
        }
    }
}
