namespace P2PMarket.Services.Hosting.Adapters;

/// <summary>Robustness settings of the long-lived clearing streams (DESIGN.md "Protocol"): no deadline on the stream
/// itself, but a timeout per iteration and a bounded reconnect with exponential backoff.</summary>
/// <param name="IterationTimeout">Longest wait for one answer (write and read) before the stream counts as broken.</param>
/// <param name="ReconnectAttempts">Reconnects tried after a failure before the clearing fails with <c>UNAVAILABLE</c>.</param>
/// <param name="ReconnectBackoff">Wait before the first reconnect; doubled before each further one.</param>
public sealed record ClearingStreamOptions(TimeSpan IterationTimeout, int ReconnectAttempts, TimeSpan ReconnectBackoff)
{
    /// <summary>10 s per iteration, 3 reconnects after 0.2, 0.4 and 0.8 s.</summary>
    public static ClearingStreamOptions Default { get; } = new(TimeSpan.FromSeconds(10), 3, TimeSpan.FromMilliseconds(200));
}
