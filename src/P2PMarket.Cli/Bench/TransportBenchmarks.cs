namespace P2PMarket.Cli.Bench;

/// <summary>gRPC against in-process: filled in with the services.</summary>
public static class TransportBenchmarks
{
    /// <summary>Runs the transport benchmarks.</summary>
    public static Task RunAsync(bool quick, Action<BenchRow> report, CancellationToken cancellationToken) => Task.CompletedTask;
}
