using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using P2PMarket.Cli.Bench.Echo;

namespace P2PMarket.Cli.Bench;

/// <summary>
/// The transport floor: a bare bidirectional gRPC echo stream on the same loopback (Kestrel h2c server and
/// GrpcChannel client in this process), one message written then one read, as the market's streams do per hop.
/// </summary>
public sealed class EchoFloor : IAsyncDisposable
{
    private readonly WebApplication server;
    private readonly GrpcChannel channel;

    private EchoFloor(WebApplication server, GrpcChannel channel)
    {
        this.server = server;
        this.channel = channel;
    }

    /// <summary>Starts the echo server on a free loopback port.</summary>
    public static async Task<EchoFloor> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 64 * 1024 * 1024);
        var app = builder.Build();
        app.MapGrpcService<EchoServer>();
        await app.StartAsync(cancellationToken);
        var address = app.Urls.First();
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
        return new EchoFloor(app, channel);
    }

    /// <summary>Median round trip of <paramref name="bytes"/>-byte messages on one long-lived stream, s.</summary>
    public async Task<double> RoundTripAsync(int bytes, int samples, CancellationToken cancellationToken)
    {
        var client = new EchoService.EchoServiceClient(channel);
        using var call = client.Echo(cancellationToken: cancellationToken);
        var request = new EchoRequest { Payload = Google.Protobuf.ByteString.CopyFrom(new byte[bytes]) };
        var times = new double[samples];
        var clock = new System.Diagnostics.Stopwatch();
        for (var s = -5; s < samples; s++)
        {
            clock.Restart();
            await call.RequestStream.WriteAsync(request, cancellationToken);
            if (!await call.ResponseStream.MoveNext(cancellationToken)) throw new InvalidOperationException("the echo stream ended");
            if (s >= 0) times[s] = clock.Elapsed.TotalSeconds;
        }
        await call.RequestStream.CompleteAsync();
        Array.Sort(times);
        return times[samples / 2];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        channel.Dispose();
        await server.StopAsync();
        await server.DisposeAsync();
    }

    private sealed class EchoServer : EchoService.EchoServiceBase
    {
        public override async Task Echo(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoResponse> responseStream,
            ServerCallContext context)
        {
            await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
                await responseStream.WriteAsync(new EchoResponse { Payload = request.Payload });
        }
    }
}
