using System.Diagnostics;
using P2PMarket.Protos.V1;

namespace P2PMarket.Services.Hosting.Protocol;

/// <summary>W3C trace context (<c>traceparent</c>, <c>tracestate</c>) carried inside each stream message, because
/// a long-lived stream sends its headers once while each iteration has its own span (DESIGN.md).</summary>
public static class TracePropagation
{
    /// <summary>Writes <paramref name="activity"/>'s context into <paramref name="context"/> (empty if null).</summary>
    public static void Inject(Activity? activity, IterationContext context)
    {
        context.Traceparent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id ?? "" : "";
        context.Tracestate = activity?.TraceStateString ?? "";
    }

    /// <summary>Writes a context already formatted as <c>traceparent</c>/<c>tracestate</c>.</summary>
    public static void Inject(TraceHeaders headers, IterationContext context)
    {
        context.Traceparent = headers.Traceparent;
        context.Tracestate = headers.Tracestate;
    }

    /// <summary>Reads the parent context of a message; default if absent or malformed (a bad trace header never
    /// fails a clearing).</summary>
    public static ActivityContext Extract(IterationContext? context) =>
        context is { Traceparent.Length: > 0 } && ActivityContext.TryParse(context.Traceparent, context.Tracestate, isRemote: true, out var parent)
            ? parent
            : default;
}

/// <summary>W3C trace context headers of one span.</summary>
/// <param name="Traceparent"><c>traceparent</c>, empty when not traced.</param>
/// <param name="Tracestate"><c>tracestate</c>, may be empty.</param>
public readonly record struct TraceHeaders(string Traceparent, string Tracestate)
{
    /// <summary>No trace context.</summary>
    public static TraceHeaders None => new("", "");

    /// <summary>The headers of <paramref name="activity"/> (none if null).</summary>
    public static TraceHeaders Of(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C } ? new(activity.Id ?? "", activity.TraceStateString ?? "") : None;
}
