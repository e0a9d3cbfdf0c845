namespace P2PMarket.Grid;

/// <summary>Feeder-wide voltage magnitude limits, p.u. (MODEL.md sec. 3).</summary>
public sealed record VoltageLimits(double MinPu, double MaxPu);
