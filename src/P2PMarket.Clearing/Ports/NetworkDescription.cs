namespace P2PMarket.Clearing.Ports;

/// <summary>What the network operator tells the coordinator once per clearing: sizes, row labels and the
/// squared spectral norm of the row-normalized constraint matrix, which bounds the safe dual step.</summary>
/// <param name="BusCount">Buses including the substation.</param>
/// <param name="RowLabels">Labels of the rows of <c>A P &lt;= b</c> in order (MODEL.md sec. 3).</param>
/// <param name="NormalizedNormSquared"><c>||D A||_2^2</c> with <c>D</c> the row normalization, 1 (dimensionless).</param>
public sealed record NetworkDescription(int BusCount, IReadOnlyList<string> RowLabels, double NormalizedNormSquared);
