using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using P2PMarket.Services.Hosting.Telemetry;

namespace P2PMarket.Services.Hosting.Coordinator;

/// <summary>The channels the coordinator reaches the other services through (one per address, shared by clearings).</summary>
public interface IServiceChannelProvider
{
    /// <summary>The channel to <paramref name="address"/>.</summary>
    ChannelBase For(string address);
}

/// <summary>
/// Real channels: HTTP/2 (h2c for <c>http://</c>) through <see cref="SocketsHttpHandler"/> with keep-alive pings, so
/// a dead peer is noticed on an idle long-lived stream, several connections when streams exceed one connection's
/// limit, and room for large batches. No deadline is set on calls (the streams live for a whole clearing).
/// </summary>
public sealed class GrpcChannelProvider(IOptions<CoordinatorOptions> options) : IServiceChannelProvider, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<GrpcChannel>> channels = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ChannelBase For(string address) =>
        channels.GetOrAdd(address, a => new Lazy<GrpcChannel>(() => Create(new Uri(a), options.Value))).Value;

    /// <summary>Creates a channel with the coordinator's keep-alive and connect settings.</summary>
    public static GrpcChannel Create(Uri address, CoordinatorOptions settings) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = settings.KeepAlivePingDelay,
            KeepAlivePingTimeout = settings.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            ConnectTimeout = settings.ConnectTimeout,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        },
        MaxReceiveMessageSize = ServiceDefaults.MaxMessageBytes,
        MaxSendMessageSize = ServiceDefaults.MaxMessageBytes,
    });

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var channel in channels.Values)
            if (channel.IsValueCreated) channel.Value.Dispose();
    }
}
