using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Modes;
using P2PMarket.Clearing.Results;
using P2PMarket.Scenarios;
using P2PMarket.Services.Hosting.Local;
using P2PMarket.Services.Hosting.Scenarios;

namespace P2PMarket.Cli.Running;

/// <summary>
/// The embedded default (DESIGN.md): the NetworkOperator, N ProsumerGateways and the Coordinator as Kestrel hosts on
/// loopback ports in this process. The modes the Coordinator's API serves (unconstrained, ve, nne) are cleared by
/// the Coordinator service itself (<c>StartClearing</c>); discard and oe, which need the prosumers' private ranges,
/// run the same ADMM loop from this process over the gRPC ports (<see cref="LocalMarketHost.CreateMarketPorts"/>):
/// one bidirectional stream per gateway and one to the operator either way.
/// </summary>
public sealed class EmbeddedServicesMarketClient : IMarketClient
{
    private readonly LocalMarketHost host;
    private readonly string scenarioId;

    private EmbeddedServicesMarketClient(LocalMarketHost host, string scenarioId)
    {
        this.host = host;
        this.scenarioId = scenarioId;
    }

    /// <inheritdoc />
    public string Target =>
        $"gRPC services on loopback: operator {host.NetworkOperatorAddress}, {host.GatewayAddresses.Length} gateway(s), coordinator {host.CoordinatorAddress}";

    /// <summary>Starts the services with <paramref name="scenario"/> registered under <paramref name="scenarioId"/>.</summary>
    public static async Task<EmbeddedServicesMarketClient> StartAsync(Scenario scenario, string scenarioId, int gateways,
        CancellationToken cancellationToken)
    {
        var options = new LocalMarketHostOptions
        {
            GatewayCount = gateways,
            // Every service resolves the scenario by id; each keeps only its role's part of it.
            ConfigureServices = (_, services) => services.AddScenario(scenarioId, () => scenario),
        };
        return new EmbeddedServicesMarketClient(await LocalMarketHost.StartAsync(options, cancellationToken), scenarioId);
    }

    /// <inheritdoc />
    public async Task<MarketResult> ClearAsync(Scenario scenario, string id, MarketMode mode, ModeRunOptions options,
        IProgress<AdmmIteration>? progress, CancellationToken cancellationToken)
    {
        if (CoordinatorClearing.Serves(mode))
            return await CoordinatorClearing.ClearAsync(host.CreateCoordinatorClient(), scenario, scenarioId, mode, options, progress, cancellationToken);
        var run = await new MarketModeRunner().RunAsync(scenario, mode, options, host.CreateMarketPorts(scenarioId), progress, cancellationToken);
        return run.Result;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => host.DisposeAsync();
}
