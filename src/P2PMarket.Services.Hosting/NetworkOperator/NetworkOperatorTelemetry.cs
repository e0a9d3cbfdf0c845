using System.Diagnostics;
using System.Diagnostics.Metrics;
using P2PMarket.Protos.V1;
using P2PMarket.Services.Hosting.Protocol;
using P2PMarket.Services.Hosting.Telemetry;

namespace P2PMarket.Services.Hosting.NetworkOperator;

/// <summary>The network operator's <c>ActivitySource</c> (a child span per price update, parented by the trace
/// context in the message) and its step-latency histogram.</summary>
public sealed class NetworkOperatorTelemetry
{
    /// <summary>The operator's activity source.</summary>
    public static readonly ActivitySource Source = new(TelemetryNames.NetworkOperator);

    private readonly Histogram<double> stepSeconds;

    /// <summary>Creates the meter through the host's factory.</summary>
    public NetworkOperatorTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(TelemetryNames.NetworkOperator);
        stepSeconds = meter.CreateHistogram<double>("p2pmarket.network_operator.step.duration", "s",
            "Wall time of one price update (MODEL.md sec. 7 step 4) inside the operator");
    }

    /// <summary>Starts the span of one step as a child of the coordinator's iteration span.</summary>
    public static Activity? StartStep(IterationContext context, int busCount, double dualStep)
    {
        var activity = Source.StartActivity("NetworkOperator.Step", ActivityKind.Server, TracePropagation.Extract(context));
        if (activity is null) return null;
        activity.SetTag(TelemetryNames.ClearingId, context.ClearingId);
        activity.SetTag(TelemetryNames.Iteration, context.Iteration);
        activity.SetTag(TelemetryNames.BatchSize, busCount);
        activity.SetTag(TelemetryNames.DualStep, dualStep);
        return activity;
    }

    /// <summary>Records the residuals of a finished step on its span.</summary>
    public static void Complete(Activity? activity, NetworkStepOutput output, bool repeated)
    {
        if (activity is null) return;
        activity.SetTag(TelemetryNames.NetworkViolation, output.ViolationNorm);
        activity.SetTag(TelemetryNames.MultiplierChange, output.MultiplierChangeNorm);
        activity.SetTag(TelemetryNames.Repeated, repeated);
    }

    /// <summary>Records the latency of one step, s.</summary>
    public void RecordStep(double seconds) => stepSeconds.Record(seconds);
}
