using P2PMarket.Services.Hosting.Protocol;

namespace P2PMarket.Services.Hosting.Adapters;

/// <summary>Gives the ports the trace context of the coordinator's span for an iteration, which they put in every
/// message of that iteration so the services' step spans become its children.</summary>
public interface IIterationTracing
{
    /// <summary>Trace context for the messages of iteration <paramref name="iteration"/> (or of the final pass).</summary>
    TraceHeaders ForStep(long iteration, bool finalPass);
}

/// <summary>No tracing: empty headers.</summary>
public sealed class NoIterationTracing : IIterationTracing
{
    /// <summary>The shared instance.</summary>
    public static NoIterationTracing Instance { get; } = new();

    /// <inheritdoc />
    public TraceHeaders ForStep(long iteration, bool finalPass) => TraceHeaders.None;
}
