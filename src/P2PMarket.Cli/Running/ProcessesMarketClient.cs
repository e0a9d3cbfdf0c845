using Grpc.Net.Client;
using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Modes;
using P2PMarket.Clearing.Results;
using P2PMarket.Protos.V1;
using P2PMarket.Scenarios;
using P2PMarket.Services.Hosting.Adapters;
using MarketMode = P2PMarket.Clearing.Market.MarketMode;

namespace P2PMarket.Cli.Running;

/// <summary>The market across separate service processes (<c>run --processes</c>): unconstrained, ve and nne through
/// the Coordinator's API; discard and oe over the gRPC ports to the same operator and gateways.</summary>
public sealed class ProcessesMarketClient : IMarketClient
{
    private readonly ServiceProcesses services;
    private readonly List<GrpcChannel> channels = [];

    private ProcessesMarketClient(ServiceProcesses services) => this.services = services;

    /// <inheritdoc />
    public string Target => $"separate service processes: coordinator {services.Coordinator}, operator {services.NetworkOperator}, {services.Gateways.Length} gateway(s)";

    /// <summary>Starts the processes; a scenario given as a file is served from its folder under its file name.</summary>
    public static async Task<ProcessesMarketClient> StartAsync(int gateways, string? scenarioDirectory, CancellationToken cancellationToken) =>
        new(await ServiceProcesses.StartAsync(gateways, scenarioDirectory, cancellationToken));

    /// <inheritdoc />
    public async Task<MarketResult> ClearAsync(Scenario scenario, string scenarioId, MarketMode mode, ModeRunOptions options,
        IProgress<AdmmIteration>? progress, CancellationToken cancellationToken)
    {
        if (CoordinatorClearing.Serves(mode))
            return await CoordinatorClearing.ClearAsync(new CoordinatorService.CoordinatorServiceClient(Channel(services.Coordinator)), scenario,
                scenarioId, mode, options, progress, cancellationToken);
        var gateways = services.Gateways.Select((address, g) =>
            new GatewayEndpoint($"gateway {g} ({address})", new ProsumerGatewayService.ProsumerGatewayServiceClient(Channel(address)))).ToArray();
        var ports = new GrpcMarketPorts(scenarioId, gateways, new NetworkOperatorService.NetworkOperatorServiceClient(Channel(services.NetworkOperator)),
            $"network operator ({services.NetworkOperator})", ClearingStreamOptions.Default);
        return (await new MarketModeRunner().RunAsync(scenario, mode, options, ports, progress, cancellationToken)).Result;
    }

    private GrpcChannel Channel(Uri address)
    {
        var channel = GrpcChannel.ForAddress(address);
        channels.Add(channel);
        return channel;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels) channel.Dispose();
        await services.DisposeAsync();
    }
}
