namespace P2PMarket.Cli.Bench;

/// <summary>One measured figure: what, how much, in which unit, and the conditions.</summary>
public sealed record BenchRow(string Group, string Name, double Value, string Unit, string Notes);
