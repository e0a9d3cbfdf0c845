namespace P2PMarket.Clearing.Results;

/// <summary>One branch, oriented away from the substation.</summary>
/// <param name="FromBusLabel">Original number of the upstream bus.</param>
/// <param name="ToBusLabel">Original number of the downstream bus.</param>
/// <param name="FlowLinearKw">LinDistFlow active flow <c>F_l</c>, kW (positive away from the substation).</param>
/// <param name="FlowAcKw">AC active flow at the sending end, kW.</param>
/// <param name="LimitKw">Thermal limit <c>Fmax_l</c>, kW; null = unlimited.</param>
public sealed record BranchResult(int FromBusLabel, int ToBusLabel, double FlowLinearKw, double FlowAcKw, double? LimitKw);
