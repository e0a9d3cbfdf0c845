using P2PMarket.Scenarios;

namespace P2PMarket.Cli.Running;

/// <summary>Creates the market client the run command clears through.</summary>
public static class MarketClients
{
    /// <summary>Starts the three services on loopback ports in this process and returns a client of them.</summary>
    public static async Task<IMarketClient> StartEmbeddedAsync(Scenario scenario, string scenarioId, int gateways, CancellationToken cancellationToken) =>
        await EmbeddedServicesMarketClient.StartAsync(scenario, scenarioId, gateways, cancellationToken);
}
