using System.Runtime.InteropServices;
using Google.Protobuf.Collections;
using P2PMarket.Clearing.Network;
using P2PMarket.Clearing.Ports;
using P2PMarket.Grid;
using P2PMarket.Protos.V1;
using P2PMarket.Services.Hosting.Protocol;

namespace P2PMarket.Services.Hosting.NetworkOperator;

/// <summary>
/// The operator's side of one clearing: a <see cref="NetworkPriceUpdater"/> (which holds <c>mu</c> between
/// iterations) and the inputs of every step applied so far. Iterations must arrive in order; a resend of the
/// last one is recognized: the same input returns the cached answer, a different input is applied to the state
/// before the last step, rebuilt by replaying the recorded inputs into a fresh updater (deterministic, so
/// bit-identical). Outlives its stream so a coordinator can reconnect and resume. Callers lock <see cref="Gate"/>.
/// </summary>
public sealed class NetworkClearingSession
{
    private readonly NetworkConstraints constraints;
    private readonly List<double> injectionHistory = []; // applied steps x buses, kW
    private readonly List<double> dualStepHistory = []; // applied steps, $/kW^2
    private readonly NetworkStepResult scratch;
    private readonly double[] injection;
    private NetworkPriceUpdater updater;
    private NetworkStepOutput? lastOutput;

    /// <summary>Starts a clearing with all multipliers at zero.</summary>
    public NetworkClearingSession(string clearingId, string scenarioId, NetworkConstraints constraints)
    {
        ClearingId = clearingId;
        ScenarioId = scenarioId;
        this.constraints = constraints;
        updater = new NetworkPriceUpdater(constraints);
        Layout = new NetworkLayout { BusCount = constraints.BusCount, NormalizedNormSquared = updater.Description.NormalizedNormSquared };
        Layout.RowLabels.Add(constraints.Labels);
        scratch = new NetworkStepResult(constraints.BusCount, constraints.RowCount);
        injection = new double[constraints.BusCount];
    }

    /// <summary>Identifier of the clearing.</summary>
    public string ClearingId { get; }

    /// <summary>Scenario whose feeder the clearing uses.</summary>
    public string ScenarioId { get; }

    /// <summary>Sizes, labels and operator norm, as sent on open.</summary>
    public NetworkLayout Layout { get; }

    /// <summary>Buses of the feeder.</summary>
    public int BusCount => constraints.BusCount;

    /// <summary>Last iteration applied (-1 = none).</summary>
    public long AppliedIteration => dualStepHistory.Count - 1;

    /// <summary>Lock for every use of the session (a resumed stream may overlap the end of a broken one).</summary>
    public object Gate { get; } = new();

    /// <summary>When the session was last used (for retention).</summary>
    public DateTimeOffset LastUsed { get; set; }

    /// <summary>Applies iteration <paramref name="iteration"/> (the next one, or a resend of the last one).</summary>
    /// <param name="iteration">Iteration number.</param>
    /// <param name="dualStep">Dual step, $/kW^2 (validated by the caller).</param>
    /// <param name="busInjectionKw">Per bus injections, kW (validated by the caller).</param>
    /// <param name="includeHeadroom">Compute the dynamic OE headroom per bus (it does not change the state).</param>
    /// <param name="repeated">True if the answer is for a resent iteration.</param>
    /// <exception cref="Grpc.Core.RpcException"><c>FAILED_PRECONDITION</c> for an iteration out of order.</exception>
    public NetworkStepOutput Step(long iteration, double dualStep, RepeatedField<double> busInjectionKw, bool includeHeadroom, out bool repeated)
    {
        var applied = dualStepHistory.Count;
        repeated = iteration == applied - 1;
        if (iteration != applied && !repeated)
            throw ServiceErrors.FailedPrecondition("context.iteration",
                $"clearing {ClearingId} has applied iterations 0..{applied - 1}; expected {applied} (the next) or {applied - 1} (a resend), got {iteration}");
        ProtoArrays.CopyTo(busInjectionKw, injection, 0);
        if (repeated)
        {
            if (SameInput(applied - 1, dualStep) && includeHeadroom == lastIncludedHeadroom) return lastOutput!;
            // A different input for the last iteration: go back to the state before it.
            dualStepHistory.RemoveAt(applied - 1);
            injectionHistory.RemoveRange((applied - 1) * BusCount, BusCount);
            Replay();
        }
        updater.Step(injection, dualStep, scratch, includeHeadroom);
        dualStepHistory.Add(dualStep);
        injectionHistory.AddRange(injection);
        lastIncludedHeadroom = includeHeadroom;
        lastOutput = NetworkMessages.ToOutput(scratch);
        return lastOutput;
    }

    private bool lastIncludedHeadroom;

    private bool SameInput(int step, double dualStep)
    {
        if (BitConverter.DoubleToInt64Bits(dualStepHistory[step]) != BitConverter.DoubleToInt64Bits(dualStep)) return false;
        var recorded = CollectionsMarshal.AsSpan(injectionHistory).Slice(step * BusCount, BusCount);
        return MemoryMarshal.Cast<double, long>(recorded).SequenceEqual(MemoryMarshal.Cast<double, long>(injection.AsSpan()));
    }

    private void Replay()
    {
        updater = new NetworkPriceUpdater(constraints);
        var history = CollectionsMarshal.AsSpan(injectionHistory);
        for (var k = 0; k < dualStepHistory.Count; k++) updater.Step(history.Slice(k * BusCount, BusCount), dualStepHistory[k], scratch);
    }
}
