using P2PMarket.Clearing.Ports;

namespace P2PMarket.Clearing.Modes;

/// <summary>The two ports of one clearing; disposing the pair disposes both.</summary>
/// <param name="Prosumers">The prosumers' port.</param>
/// <param name="Network">The network operator's port.</param>
public sealed record MarketPortPair(IProsumerPort Prosumers, INetworkOperatorPort Network) : IAsyncDisposable
{
    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Prosumers.DisposeAsync();
        await Network.DisposeAsync();
    }
}
