using Grpc.Core;
using Microsoft.Extensions.Logging;
using P2PMarket.Services.Hosting.Protocol;

namespace P2PMarket.Services.Hosting.Adapters;

/// <summary>
/// One long-lived bidirectional clearing stream to one service, with the robustness rules of DESIGN.md: each
/// exchange (write one message, read its answer) must finish within <see cref="ClearingStreamOptions.IterationTimeout"/>;
/// a broken stream (transport error, <c>UNAVAILABLE</c>, timeout) is dropped and reopened up to
/// <see cref="ClearingStreamOptions.ReconnectAttempts"/> times with exponential backoff, the reopen callback
/// re-establishing the service's state up to the last acknowledged iteration; then the clearing fails with
/// <c>UNAVAILABLE</c> naming the service. Errors that a retry cannot fix (bad input) pass through at once.
/// Not thread-safe: one caller at a time.
/// </summary>
/// <typeparam name="TRequest">Request message.</typeparam>
/// <typeparam name="TResponse">Response message.</typeparam>
internal sealed class ClearingStream<TRequest, TResponse>(
    string name,
    Func<AsyncDuplexStreamingCall<TRequest, TResponse>> connect,
    Func<long, CancellationToken, Task> reopen,
    ClearingStreamOptions options,
    ILogger logger) : IAsyncDisposable
    where TRequest : class
    where TResponse : class
{
    private AsyncDuplexStreamingCall<TRequest, TResponse>? call;

    /// <summary>Name of the service in messages, e.g. "gateway 1 (http://...)".</summary>
    public string Name => name;

    /// <summary>Opens the stream if needed (resuming at <paramref name="iteration"/>), with reconnects.</summary>
    public Task EnsureOpenAsync(long iteration, CancellationToken cancellationToken) =>
        WithReconnectsAsync<object?>(iteration, _ => Task.FromResult<object?>(null), cancellationToken);

    /// <summary>Sends the message of iteration <paramref name="iteration"/> and returns its answer, reopening the
    /// stream and resending if it breaks.</summary>
    public Task<TResponse> SendAsync(TRequest message, long iteration, CancellationToken cancellationToken) =>
        WithReconnectsAsync(iteration, token => ExchangeAsync(message, token), cancellationToken);

    /// <summary>One write and read on the open stream within the iteration timeout (no reconnect); for the reopen
    /// callback.</summary>
    public async Task<TResponse> ExchangeAsync(TRequest message, CancellationToken cancellationToken)
    {
        var active = call ?? throw new InvalidOperationException($"{name}: the stream is not open");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.IterationTimeout);
        try
        {
            try
            {
                await active.RequestStream.WriteAsync(message, timeout.Token);
            }
            catch (Exception) when (CompletedStatus(active) is { } status)
            {
                throw new RpcException(status); // the service already ended the stream: report why
            }
            if (!await active.ResponseStream.MoveNext(timeout.Token))
                throw new RpcException(new Status(StatusCode.Unavailable, "the stream ended without an answer"));
            return active.ResponseStream.Current;
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && e is not RpcException { StatusCode: not StatusCode.Cancelled })
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"no answer within the iteration timeout of {options.IterationTimeout.TotalSeconds:0.###} s"));
        }
    }

    private async Task<T> WithReconnectsAsync<T>(long iteration, Func<CancellationToken, Task<T>> exchange, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (call is null)
                {
                    call = connect();
                    await reopen(iteration, cancellationToken);
                }
                return await exchange(cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransient(e))
            {
                Drop();
                if (attempt >= options.ReconnectAttempts)
                    throw ServiceErrors.Unavailable(
                        $"{name}: unreachable at iteration {iteration} after {options.ReconnectAttempts} reconnect attempts; last error: {Describe(e)}");
                var wait = options.ReconnectBackoff * Math.Pow(2, attempt);
                logger.LogWarning("{Service}: stream broke at iteration {Iteration} ({Error}); reconnect {Attempt} of {Attempts} in {Wait} ms",
                    name, iteration, Describe(e), attempt + 1, options.ReconnectAttempts, wait.TotalMilliseconds);
                await Task.Delay(wait, cancellationToken);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested && !e.Status.Detail.StartsWith(name, StringComparison.Ordinal))
            {
                Drop();
                throw new RpcException(new Status(e.StatusCode, $"{name}: {e.Status.Detail}"));
            }
            catch
            {
                Drop();
                throw;
            }
        }
    }

    /// <summary>True for failures a new stream may fix: transport errors, an unavailable or restarting service, a
    /// timeout. Bad input, unknown ids and protocol violations are not retried.</summary>
    internal static bool IsTransient(Exception e) => e switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.Cancelled or StatusCode.DeadlineExceeded
            or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted or StatusCode.ResourceExhausted,
        IOException or HttpRequestException or ObjectDisposedException or InvalidOperationException or OperationCanceledException => true,
        _ => false,
    };

    private static string Describe(Exception e) => e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : $"{e.GetType().Name}: {e.Message}";

    private static Status? CompletedStatus(AsyncDuplexStreamingCall<TRequest, TResponse> active)
    {
        try
        {
            var status = active.GetStatus();
            return status.StatusCode == StatusCode.OK ? null : status;
        }
        catch (InvalidOperationException)
        {
            return null; // still running
        }
    }

    private void Drop()
    {
        call?.Dispose();
        call = null;
    }

    /// <summary>Ends the stream normally (the service then drops the clearing's state) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (call is not { } active) return;
        call = null;
        try
        {
            using var timeout = new CancellationTokenSource(options.IterationTimeout);
            await active.RequestStream.CompleteAsync();
            while (await active.ResponseStream.MoveNext(timeout.Token))
            {
            }
        }
        catch (Exception e) when (e is RpcException or IOException or InvalidOperationException or OperationCanceledException)
        {
            // The clearing is over; a stream that cannot end cleanly is just released.
        }
        finally
        {
            active.Dispose();
        }
    }
}
