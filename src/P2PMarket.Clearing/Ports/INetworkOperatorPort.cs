namespace P2PMarket.Clearing.Ports;

/// <summary>
/// "The network operator" as the ADMM loop sees it (DESIGN.md): bus injections in; network prices per bus,
/// headroom (dynamic OE) and violation out. The operator keeps <c>mu</c> between iterations.
/// </summary>
public interface INetworkOperatorPort : IAsyncDisposable
{
    /// <summary>Sizes, labels and operator norm of the network of this clearing.</summary>
    ValueTask<NetworkDescription> DescribeAsync(CancellationToken cancellationToken);

    /// <summary>Updates the multipliers for <paramref name="request"/> and writes prices and headroom.</summary>
    ValueTask StepAsync(NetworkStepRequest request, NetworkStepResult result, CancellationToken cancellationToken);
}
