using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace P2PMarket.Services.Hosting.Local;

/// <summary>Settings of <see cref="LocalMarketHost"/>.</summary>
public sealed class LocalMarketHostOptions
{
    /// <summary>Gateways to start (the prosumers are split into this many contiguous shards).</summary>
    public int GatewayCount { get; set; } = 1;

    /// <summary>Folder of <c>*.json</c> scenario files served besides the shipped ones; null = none.</summary>
    public string? ScenarioDirectory { get; set; }

    /// <summary>Longest wait for one service's answer to one iteration.</summary>
    public TimeSpan IterationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Reconnects tried after a stream breaks before a clearing fails with <c>UNAVAILABLE</c>.</summary>
    public int ReconnectAttempts { get; set; } = 3;

    /// <summary>Wait before the first reconnect, doubled before each further one.</summary>
    public TimeSpan ReconnectBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Least severe log level written (the hosts log to the console).</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;

    /// <summary>Extra registrations applied to every service (e.g. in-code scenarios); the service's name
    /// ("coordinator", "network-operator", "gateway-N") is passed along.</summary>
    public Action<string, IServiceCollection>? ConfigureServices { get; set; }
}
