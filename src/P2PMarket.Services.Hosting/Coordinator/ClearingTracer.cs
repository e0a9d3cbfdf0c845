using System.Diagnostics;
using P2PMarket.Clearing.Admm;
using P2PMarket.Services.Hosting.Adapters;
using P2PMarket.Services.Hosting.Protocol;
using P2PMarket.Services.Hosting.Telemetry;

namespace P2PMarket.Services.Hosting.Coordinator;

/// <summary>
/// The coordinator's spans of one clearing: a root span (a new trace, linked to the caller's span) and one child
/// span per iteration, opened when the ports send the iteration's first message and closed by the loop's progress
/// report with the residuals and rho. The ports put each iteration span's context in their messages, so the
/// gateways' and the operator's step spans become its children. Also records the iteration-latency histogram and
/// forwards progress. Thread-safe.
/// </summary>
public sealed class ClearingTracer : IIterationTracing, IProgress<AdmmIteration>
{
    private readonly object gate = new();
    private readonly Activity? root;
    private readonly int prosumers;
    private readonly int gateways;
    private readonly string mode;
    private readonly CoordinatorTelemetry telemetry;
    private readonly Action<AdmmIteration> forward;
    private Activity? current;
    private long currentIteration = -1;
    private bool currentFinal;

    /// <summary>Starts the clearing's root span.</summary>
    public ClearingTracer(string clearingId, ClearingSpec spec, int gateways, CoordinatorTelemetry telemetry, Action<AdmmIteration> forward)
    {
        prosumers = spec.Layout.Trades.ProsumerCount;
        this.gateways = gateways;
        mode = spec.Mode.ToString();
        this.telemetry = telemetry;
        this.forward = forward;
        var caller = Activity.Current;
        IEnumerable<ActivityLink>? links = caller is null ? null : [new ActivityLink(caller.Context)];
        Activity.Current = null; // a root: the clearing is its own trace
        root = CoordinatorTelemetry.Source.StartActivity("Coordinator.Clearing", ActivityKind.Internal, default(ActivityContext), links: links);
        Activity.Current = caller;
        root?.SetTag(TelemetryNames.ClearingId, clearingId);
        root?.SetTag(TelemetryNames.ScenarioId, spec.ScenarioId);
        root?.SetTag(TelemetryNames.Mode, mode);
        root?.SetTag(TelemetryNames.BatchSize, prosumers);
        root?.SetTag("p2pmarket.gateway_count", gateways);
    }

    /// <summary>Trace id of the clearing (32 hex digits; empty if not traced).</summary>
    public string TraceId => root?.TraceId.ToHexString() ?? "";

    /// <inheritdoc />
    public TraceHeaders ForStep(long iteration, bool finalPass)
    {
        lock (gate)
        {
            // Everything after the loop (the prosumers' final pass, the operator's envelope step) is one final-pass span.
            if (current is null || currentFinal != finalPass || (!finalPass && currentIteration != iteration))
            {
                StopCurrent();
                if (root is null) return TraceHeaders.None;
                var caller = Activity.Current;
                current = CoordinatorTelemetry.Source.StartActivity(finalPass ? "Coordinator.FinalPass" : "Coordinator.Iteration",
                    ActivityKind.Internal, root.Context);
                Activity.Current = caller;
                currentIteration = iteration;
                currentFinal = finalPass;
                current?.SetTag(TelemetryNames.Iteration, iteration);
                current?.SetTag(TelemetryNames.BatchSize, prosumers);
                current?.SetTag("p2pmarket.gateway_count", gateways);
            }
            return TraceHeaders.Of(current);
        }
    }

    /// <summary>Closes the iteration's span with its residuals (MODEL.md sec. 7 step 5) and forwards the progress.</summary>
    public void Report(AdmmIteration value)
    {
        lock (gate)
        {
            if (current is not null && !currentFinal)
            {
                current.SetTag(TelemetryNames.Rho, value.Rho);
                current.SetTag(TelemetryNames.DualStep, value.DualStep);
                current.SetTag(TelemetryNames.ReciprocityResidual, value.ReciprocityResidualKw);
                current.SetTag(TelemetryNames.NetworkViolation, value.NetworkViolationKw);
                current.SetTag(TelemetryNames.TradeDualResidual, value.TradeDualResidual);
                current.SetTag(TelemetryNames.NetworkPrimalResidual, value.NetworkPrimalResidualKw);
                current.SetTag(TelemetryNames.NetworkDualResidual, value.NetworkDualResidual);
                current.SetTag(TelemetryNames.InjectionProximal, value.InjectionProximal);
                StopCurrent();
            }
        }
        telemetry.RecordIteration(value.LocalSolveSeconds + value.NetworkSeconds + value.CoordinatorSeconds, mode);
        forward(value);
    }

    /// <summary>Ends the clearing's spans; <paramref name="error"/> marks them failed.</summary>
    public void Finish(AdmmOutcome? outcome, Exception? error)
    {
        lock (gate)
        {
            StopCurrent();
            if (root is null) return;
            if (outcome is not null)
            {
                root.SetTag("p2pmarket.exit", outcome.Exit.ToString());
                root.SetTag("p2pmarket.iterations", outcome.Iterations);
            }
            if (error is not null) root.SetStatus(ActivityStatusCode.Error, error.Message);
            var caller = Activity.Current;
            root.Stop();
            Activity.Current = caller;
        }
    }

    private void StopCurrent()
    {
        if (current is null) return;
        var caller = Activity.Current;
        current.Stop();
        Activity.Current = caller;
        current = null;
        currentIteration = -1;
    }
}
