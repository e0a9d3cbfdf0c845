using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using P2PMarket.Protos.V1;
using P2PMarket.Services.Hosting.Protocol;
using P2PMarket.Services.Hosting.Scenarios;

namespace P2PMarket.Services.Hosting.Coordinator;

/// <summary>
/// The coordinator's public API over gRPC: a thin adapter that validates the request, hands the clearing to
/// <see cref="ClearingRunner"/>, streams its progress and records its outcome for <c>GetResult</c>. Reads only the
/// scenario's public layout (graph, buses, weights).
/// </summary>
public sealed class CoordinatorGrpcService(
    ScenarioCatalog catalog,
    ClearingRunner runner,
    ClearingRegistry registry,
    ILogger<CoordinatorGrpcService> logger) : CoordinatorService.CoordinatorServiceBase
{
    /// <inheritdoc />
    public override async Task StartClearing(StartClearingRequest request, IServerStreamWriter<StartClearingResponse> responseStream, ServerCallContext context)
    {
        var spec = ClearingSpec.From(request, id => catalog.ResolveForCall(id));
        var clearingId = registry.Begin();
        // The loop reports synchronously; a pump writes to the stream so a slow reader never stalls the clearing.
        var outbox = Channel.CreateUnbounded<StartClearingResponse>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var pump = PumpAsync(outbox.Reader, responseStream, context.CancellationToken);
        try
        {
            var result = await runner.RunAsync(spec, clearingId, message => outbox.Writer.TryWrite(message), context.CancellationToken);
            registry.Complete(clearingId, result);
            outbox.Writer.TryWrite(new StartClearingResponse { ClearingId = clearingId, Result = result });
        }
        catch (RpcException e)
        {
            registry.Fail(clearingId, e.Status);
            throw new RpcException(new Status(e.StatusCode, $"clearing {clearingId}: {e.Status.Detail}"));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            registry.Fail(clearingId, new Status(StatusCode.Cancelled, "the caller cancelled the clearing"));
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Clearing {ClearingId} failed", clearingId);
            registry.Fail(clearingId, new Status(StatusCode.Internal, e.Message));
            throw new RpcException(new Status(StatusCode.Internal, $"clearing {clearingId}: {e.GetType().Name}: {e.Message}"));
        }
        finally
        {
            outbox.Writer.TryComplete();
            await pump;
        }
    }

    /// <inheritdoc />
    public override Task<GetResultResponse> GetResult(GetResultRequest request, ServerCallContext context) =>
        Task.FromResult(new GetResultResponse { Result = registry.Get(request.ClearingId) });

    private async Task PumpAsync(ChannelReader<StartClearingResponse> reader, IServerStreamWriter<StartClearingResponse> stream, CancellationToken token)
    {
        try
        {
            await foreach (var message in reader.ReadAllAsync(token)) await stream.WriteAsync(message, token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            logger.LogDebug("Progress stream closed early: {Error}", e.Message); // the caller left; the clearing is cancelled with it
        }
    }
}
