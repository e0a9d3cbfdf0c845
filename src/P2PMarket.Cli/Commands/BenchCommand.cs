using System.CommandLine;

namespace P2PMarket.Cli.Commands;

/// <summary><c>bench</c>: the benchmarks (placeholder wiring; filled in the benchmark commit).</summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create() => new("bench", "Benchmarks.");
}
