using Grpc.Net.Client;
using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Modes;
using P2PMarket.Clearing.Results;
using P2PMarket.Protos.V1;
using P2PMarket.Scenarios;
using MarketMode = P2PMarket.Clearing.Market.MarketMode;

namespace P2PMarket.Cli.Running;

/// <summary>Remote services (e.g. the Kubernetes deployment) through the Coordinator's address. The remote services
/// must know the scenario id (a shipped name, synthetic:N:S, or a file in their scenario directory).</summary>
public sealed class RemoteMarketClient(Uri coordinator) : IMarketClient
{
    private readonly GrpcChannel channel = GrpcChannel.ForAddress(coordinator);

    /// <inheritdoc />
    public string Target => $"the coordinator at {coordinator}";

    /// <inheritdoc />
    public Task<MarketResult> ClearAsync(Scenario scenario, string scenarioId, MarketMode mode, ModeRunOptions options,
        IProgress<AdmmIteration>? progress, CancellationToken cancellationToken) =>
        CoordinatorClearing.ClearAsync(new CoordinatorService.CoordinatorServiceClient(channel), scenario, scenarioId, mode, options, progress,
            cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        channel.Dispose();
        return ValueTask.CompletedTask;
    }
}
