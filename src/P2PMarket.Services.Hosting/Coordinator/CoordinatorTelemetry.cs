using System.Diagnostics;
using System.Diagnostics.Metrics;
using P2PMarket.Services.Hosting.Telemetry;

namespace P2PMarket.Services.Hosting.Coordinator;

/// <summary>The coordinator's <c>ActivitySource</c> (a root span per clearing, a span per iteration) and its
/// iteration-latency histogram.</summary>
public sealed class CoordinatorTelemetry
{
    /// <summary>The coordinator's activity source.</summary>
    public static readonly ActivitySource Source = new(TelemetryNames.Coordinator);

    private readonly Histogram<double> iterationSeconds;

    /// <summary>Creates the meter through the host's factory.</summary>
    public CoordinatorTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(TelemetryNames.Coordinator);
        iterationSeconds = meter.CreateHistogram<double>("p2pmarket.coordinator.iteration.duration", "s",
            "Wall time of one ADMM iteration at the coordinator: local solves, operator step and its own work, transport included");
    }

    /// <summary>Records the latency of one iteration, s.</summary>
    public void RecordIteration(double seconds, string mode) =>
        iterationSeconds.Record(seconds, new KeyValuePair<string, object?>(TelemetryNames.Mode, mode));
}
