using Grpc.Core;

namespace P2PMarket.Services.Hosting.Protocol;

/// <summary>Reads the next message of a long-lived request stream, turning a service shutdown into
/// <c>UNAVAILABLE</c> so the coordinator reconnects instead of waiting for the host's shutdown timeout, and a caller
/// that left into <c>CANCELLED</c> (not an error of the service).</summary>
public static class StreamReading
{
    /// <summary>Advances <paramref name="reader"/>; false at the client's normal end of stream.</summary>
    public static async Task<bool> NextAsync<T>(IAsyncStreamReader<T> reader, CancellationToken callToken, CancellationToken stopping, string service)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(callToken, stopping);
        try
        {
            return await reader.MoveNext(linked.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw ServiceErrors.Unavailable($"{service} is shutting down; reopen the clearing to resume");
        }
        catch (Exception e) when (callToken.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The caller went away (a reconnecting coordinator drops its broken stream): end quietly.
            throw new RpcException(new Status(StatusCode.Cancelled, $"{service}: the caller ended the stream"));
        }
    }
}
