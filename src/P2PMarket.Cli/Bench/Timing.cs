using System.Diagnostics;

namespace P2PMarket.Cli.Bench;

/// <summary>Repeats an action and reports the median (and spread) of its wall time: medians resist the noise
/// of a shared machine better than means.</summary>
public static class Timing
{
    /// <summary>Runs <paramref name="action"/> <paramref name="warmup"/> times untimed, then <paramref name="samples"/>
    /// times timed; each sample runs the action <paramref name="batch"/> times. Returns seconds per call.</summary>
    public static Sample Measure(Action action, int samples, int batch = 1, int warmup = 2)
    {
        for (var w = 0; w < warmup; w++)
            for (var b = 0; b < batch; b++) action();
        var times = new double[samples];
        var clock = new Stopwatch();
        for (var s = 0; s < samples; s++)
        {
            clock.Restart();
            for (var b = 0; b < batch; b++) action();
            times[s] = clock.Elapsed.TotalSeconds / batch;
        }
        Array.Sort(times);
        return new Sample(times[samples / 2], times[samples / 10], times[Math.Min(samples - 1, samples * 9 / 10)], samples * batch);
    }

    /// <summary>Median and the 10th/90th percentiles of the time per call, s.</summary>
    public sealed record Sample(double MedianSeconds, double P10Seconds, double P90Seconds, int Calls);
}
