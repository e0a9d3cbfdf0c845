using Microsoft.Extensions.Logging;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Modes;
using P2PMarket.Grid;
using P2PMarket.Protos.V1;
using P2PMarket.Scenarios;

namespace P2PMarket.Services.Hosting.Adapters;

/// <summary>
/// The services as the mode runner's port source: every clearing of a mode (<see cref="MarketModeRunner"/>) opens one
/// stream per gateway and one to the operator, exactly as the coordinator does, so every market mode runs over gRPC
/// with the same results as <see cref="InProcessMarketPorts"/>. The operator prices its scenario's own LinDistFlow rows;
/// other rows (a loss-aware re-linearization) are refused, as the operator service does not yet receive them.
/// </summary>
/// <param name="scenarioId">Id under which the services resolve the scenario being cleared.</param>
/// <param name="gateways">Gateways in shard order.</param>
/// <param name="networkOperator">Client of the operator.</param>
/// <param name="operatorName">Name of the operator in messages.</param>
/// <param name="options">Timeouts and reconnects.</param>
/// <param name="tracing">Trace context per iteration (null = none).</param>
/// <param name="logger">Logs reconnects.</param>
public sealed class GrpcMarketPorts(string scenarioId, IReadOnlyList<GatewayEndpoint> gateways,
    NetworkOperatorService.NetworkOperatorServiceClient networkOperator, string operatorName, ClearingStreamOptions options,
    IIterationTracing? tracing = null, ILogger? logger = null) : IMarketPorts
{
    /// <inheritdoc />
    public async ValueTask<MarketPortPair> OpenAsync(Scenario scenario, NetworkConstraints network, string clearingId, CancellationToken cancellationToken)
    {
        if (!SameRows(network, scenario.BuildNetworkConstraints()))
            throw new NotSupportedException($"rows: the network operator service prices the LinDistFlow rows of scenario '{scenarioId}'; "
                + "other rows (a loss-aware re-linearization) are not served over gRPC");
        var layout = MarketLayoutFactory.Create(scenario);
        var prosumers = new GrpcProsumerPort(gateways, layout, scenarioId, clearingId, options, tracing, logger);
        var operatorPort = new GrpcNetworkOperatorPort(networkOperator, operatorName, scenarioId, clearingId, options, tracing, logger);
        try
        {
            await prosumers.OpenAsync(cancellationToken);
            return new MarketPortPair(prosumers, operatorPort);
        }
        catch
        {
            await prosumers.DisposeAsync();
            await operatorPort.DisposeAsync();
            throw;
        }
    }

    private static bool SameRows(NetworkConstraints given, NetworkConstraints own) =>
        ReferenceEquals(given, own)
        || (given.Labels.SequenceEqual(own.Labels) && given.Bound.AsSpan().SequenceEqual(own.Bound) && given.RowNorm.AsSpan().SequenceEqual(own.RowNorm));
}
