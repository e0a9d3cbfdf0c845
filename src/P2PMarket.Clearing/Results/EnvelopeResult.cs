namespace P2PMarket.Clearing.Results;

/// <summary>An operating envelope on the bus injection.</summary>
/// <param name="MinKw"><c>OEmin_i</c>, kW; null = unbounded.</param>
/// <param name="MaxKw"><c>OEmax_i</c>, kW; null = unbounded.</param>
public sealed record EnvelopeResult(double? MinKw, double? MaxKw);
