using System.Diagnostics;
using System.Diagnostics.Metrics;
using P2PMarket.Protos.V1;
using P2PMarket.Services.Hosting.Protocol;
using P2PMarket.Services.Hosting.Telemetry;

namespace P2PMarket.Services.Hosting.ProsumerGateway;

/// <summary>The gateway's <c>ActivitySource</c> (a child span per batch solve, parented by the trace context in
/// the message) and its step-latency histogram.</summary>
public sealed class ProsumerGatewayTelemetry
{
    /// <summary>The gateways' activity source.</summary>
    public static readonly ActivitySource Source = new(TelemetryNames.ProsumerGateway);

    private readonly Histogram<double> stepSeconds;

    /// <summary>Creates the meter through the host's factory.</summary>
    public ProsumerGatewayTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(TelemetryNames.ProsumerGateway);
        stepSeconds = meter.CreateHistogram<double>("p2pmarket.prosumer_gateway.step.duration", "s",
            "Wall time of one batched local solve of a shard (MODEL.md sec. 7 step 2) inside the gateway");
    }

    /// <summary>Starts the span of one batch solve as a child of the coordinator's iteration span.</summary>
    public static Activity? StartStep(IterationContext context, int shardIndex, int batchSize, double rho, bool finalPass)
    {
        var activity = Source.StartActivity("ProsumerGateway.Step", ActivityKind.Server, TracePropagation.Extract(context));
        if (activity is null) return null;
        activity.SetTag(TelemetryNames.ClearingId, context.ClearingId);
        activity.SetTag(TelemetryNames.Iteration, context.Iteration);
        activity.SetTag(TelemetryNames.ShardIndex, shardIndex);
        activity.SetTag(TelemetryNames.BatchSize, batchSize);
        activity.SetTag(TelemetryNames.Rho, rho);
        if (finalPass) activity.SetTag("p2pmarket.final_pass", true);
        return activity;
    }

    /// <summary>Records the latency of one step, s.</summary>
    public void RecordStep(double seconds, int shardIndex) =>
        stepSeconds.Record(seconds, new KeyValuePair<string, object?>(TelemetryNames.ShardIndex, shardIndex));
}
