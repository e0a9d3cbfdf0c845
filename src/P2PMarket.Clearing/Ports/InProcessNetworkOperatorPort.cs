using P2PMarket.Clearing.Network;

namespace P2PMarket.Clearing.Ports;

/// <summary>The network operator's price update called directly in this process (the in-process adapter).</summary>
public sealed class InProcessNetworkOperatorPort(NetworkPriceUpdater updater) : INetworkOperatorPort
{
    /// <inheritdoc />
    public ValueTask<NetworkDescription> DescribeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(updater.Description);

    /// <inheritdoc />
    public ValueTask StepAsync(NetworkStepRequest request, NetworkStepResult result, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        updater.Step(request.BusInjectionKw, request.DualStep, result, request.IncludeHeadroom);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
