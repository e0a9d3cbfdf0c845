using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using P2PMarket.Clearing.Admm;
using P2PMarket.Protos.V1;
using P2PMarket.Services.Hosting.Adapters;
using P2PMarket.Services.Hosting.Coordinator;
using P2PMarket.Services.Hosting.NetworkOperator;
using P2PMarket.Services.Hosting.ProsumerGateway;

namespace P2PMarket.Services.Hosting.Local;

/// <summary>
/// The whole market on this machine (DESIGN.md "Embedded default"): the network operator, N prosumer gateways and the
/// coordinator as Kestrel hosts on loopback ports in this one process, talking gRPC (h2c) to each other exactly as
/// separate processes would. Ports are chosen by the OS (port 0) and read back. A gateway can be stopped and started
/// again on its port (failure tests). Dispose to stop everything.
/// </summary>
public sealed class LocalMarketHost : IAsyncDisposable
{
    private readonly LocalMarketHostOptions options;
    private readonly WebApplication?[] gateways;
    private readonly List<GrpcChannel> channels = [];
    private WebApplication? networkOperator;
    private WebApplication? coordinator;

    private LocalMarketHost(LocalMarketHostOptions options)
    {
        this.options = options;
        gateways = new WebApplication?[options.GatewayCount];
        GatewayAddresses = new Uri[options.GatewayCount];
    }

    /// <summary>Address of the coordinator (<c>http://127.0.0.1:port</c>).</summary>
    public Uri CoordinatorAddress { get; private set; } = null!;

    /// <summary>Address of the network operator.</summary>
    public Uri NetworkOperatorAddress { get; private set; } = null!;

    /// <summary>Addresses of the gateways in shard order.</summary>
    public Uri[] GatewayAddresses { get; }

    /// <summary>Starts the operator and the gateways, then the coordinator configured with their addresses.</summary>
    public static async Task<LocalMarketHost> StartAsync(LocalMarketHostOptions options, CancellationToken cancellationToken = default)
    {
        if (options.GatewayCount < 1) throw new ArgumentOutOfRangeException(nameof(options), $"GatewayCount: expected at least 1, got {options.GatewayCount}");
        var host = new LocalMarketHost(options);
        try
        {
            (host.networkOperator, host.NetworkOperatorAddress) = await host.StartServiceAsync("network-operator", 0, [],
                b => b.AddNetworkOperator(), app => app.MapNetworkOperator(), cancellationToken);
            for (var g = 0; g < options.GatewayCount; g++) await host.StartGatewayAsync(g, 0, cancellationToken);
            var settings = new Dictionary<string, string?>
            {
                [$"{CoordinatorOptions.Section}:NetworkOperatorAddress"] = host.NetworkOperatorAddress.ToString(),
                [$"{CoordinatorOptions.Section}:IterationTimeout"] = options.IterationTimeout.ToString(),
                [$"{CoordinatorOptions.Section}:ReconnectAttempts"] = options.ReconnectAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [$"{CoordinatorOptions.Section}:ReconnectBackoff"] = options.ReconnectBackoff.ToString(),
            };
            for (var g = 0; g < options.GatewayCount; g++) settings[$"{CoordinatorOptions.Section}:GatewayAddresses:{g}"] = host.GatewayAddresses[g].ToString();
            (host.coordinator, host.CoordinatorAddress) = await host.StartServiceAsync("coordinator", 0, settings,
                b => b.AddCoordinator(), app => app.MapCoordinator(), cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the coordinator (its channel is disposed with the host).</summary>
    public CoordinatorService.CoordinatorServiceClient CreateCoordinatorClient() => new(Channel(CoordinatorAddress));

    /// <summary>A client of the network operator.</summary>
    public NetworkOperatorService.NetworkOperatorServiceClient CreateNetworkOperatorClient() => new(Channel(NetworkOperatorAddress));

    /// <summary>A client of gateway <paramref name="index"/>.</summary>
    public ProsumerGatewayService.ProsumerGatewayServiceClient CreateGatewayClient(int index) => new(Channel(GatewayAddresses[index]));

    /// <summary>
    /// The gRPC ports of one clearing against these services, for running <see cref="AdmmClearing"/> directly (a
    /// benchmark against the in-process ports measures pure transport cost). Dispose both after the clearing.
    /// </summary>
    /// <param name="scenarioId">Scenario id the services resolve.</param>
    /// <param name="layout">The coordinator's view of that scenario.</param>
    /// <param name="clearingId">Identifier of the clearing.</param>
    /// <param name="streamOptions">Timeouts and reconnects (null = this host's settings).</param>
    /// <param name="tracing">Trace context per iteration (null = none).</param>
    public (GrpcProsumerPort Prosumers, GrpcNetworkOperatorPort Network) CreatePorts(string scenarioId, MarketLayout layout, string clearingId,
        ClearingStreamOptions? streamOptions = null, IIterationTracing? tracing = null)
    {
        streamOptions ??= new ClearingStreamOptions(options.IterationTimeout, options.ReconnectAttempts, options.ReconnectBackoff);
        var gatewayEndpoints = GatewayAddresses.Select((address, g) => new GatewayEndpoint($"gateway {g} ({address})", CreateGatewayClient(g))).ToArray();
        return (new GrpcProsumerPort(gatewayEndpoints, layout, scenarioId, clearingId, streamOptions, tracing),
            new GrpcNetworkOperatorPort(CreateNetworkOperatorClient(), $"network operator ({NetworkOperatorAddress})", scenarioId, clearingId, streamOptions, tracing));
    }

    /// <summary>These services as the port source of the mode runner (<see cref="Clearing.Modes.MarketModeRunner"/>):
    /// every market mode over gRPC.</summary>
    /// <param name="scenarioId">Id under which the services resolve the scenario the runner clears.</param>
    /// <param name="tracing">Trace context per iteration (null = none).</param>
    public GrpcMarketPorts CreateMarketPorts(string scenarioId, IIterationTracing? tracing = null) =>
        new(scenarioId, GatewayAddresses.Select((address, g) => new GatewayEndpoint($"gateway {g} ({address})", CreateGatewayClient(g))).ToArray(),
            CreateNetworkOperatorClient(), $"network operator ({NetworkOperatorAddress})",
            new ClearingStreamOptions(options.IterationTimeout, options.ReconnectAttempts, options.ReconnectBackoff), tracing);

    /// <summary>Stops gateway <paramref name="index"/> (its open streams end with <c>UNAVAILABLE</c>).</summary>
    public async Task StopGatewayAsync(int index)
    {
        if (gateways[index] is not { } app) return;
        gateways[index] = null;
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Starts gateway <paramref name="index"/> again on its former port.</summary>
    public Task RestartGatewayAsync(int index, CancellationToken cancellationToken = default)
    {
        if (gateways[index] is not null) throw new InvalidOperationException($"gateway {index} is running");
        return StartGatewayAsync(index, GatewayAddresses[index].Port, cancellationToken);
    }

    /// <summary>Stops the network operator (its open streams end with <c>UNAVAILABLE</c>; its clearings' state is lost).</summary>
    public async Task StopNetworkOperatorAsync()
    {
        if (networkOperator is not { } app) return;
        networkOperator = null;
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Starts the network operator again on its former port.</summary>
    public async Task RestartNetworkOperatorAsync(CancellationToken cancellationToken = default)
    {
        if (networkOperator is not null) throw new InvalidOperationException("the network operator is running");
        (networkOperator, _) = await StartServiceAsync("network-operator", NetworkOperatorAddress.Port, [],
            b => b.AddNetworkOperator(), app => app.MapNetworkOperator(), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels) channel.Dispose();
        var apps = new[] { coordinator }.Concat(gateways).Append(networkOperator).OfType<WebApplication>().ToArray();
        coordinator = networkOperator = null;
        Array.Clear(gateways);
        foreach (var app in apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task StartGatewayAsync(int index, int port, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{ProsumerGatewayOptions.Section}:ShardIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{ProsumerGatewayOptions.Section}:ShardCount"] = options.GatewayCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        (gateways[index], GatewayAddresses[index]) = await StartServiceAsync($"gateway-{index}", port, settings,
            b => b.AddProsumerGateway(), app => app.MapProsumerGateway(), cancellationToken);
    }

    private async Task<(WebApplication App, Uri Address)> StartServiceAsync(string name, int port, Dictionary<string, string?> settings,
        Action<WebApplicationBuilder> add, Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = $"P2PMarket.{name}", Args = [] });
        // Hermetic: no appsettings.json or environment of the calling program (it may be another service's folder),
        // only these settings and the OpenTelemetry variables (OTEL_EXPORTER_OTLP_ENDPOINT enables export).
        builder.Configuration.Sources.Clear();
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
            if (variable.Key is string key && key.StartsWith("OTEL_", StringComparison.Ordinal)) settings[key] = variable.Value as string;
        if (options.ScenarioDirectory is { } directory) settings["Scenarios:Directory"] = directory;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, endpoint => endpoint.Protocols = HttpProtocols.Http2));
        add(builder);
        options.ConfigureServices?.Invoke(name, builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (app, new Uri(address));
    }

    private GrpcChannel Channel(Uri address)
    {
        var channel = GrpcChannelProvider.Create(address, new CoordinatorOptions());
        channels.Add(channel);
        return channel;
    }
}
