namespace P2PMarket.Grid;

/// <summary>A series branch of the radial feeder, oriented away from the substation.</summary>
/// <param name="ParentIndex">Internal index of the upstream bus (0 = substation).</param>
/// <param name="ChildIndex">Internal index of the downstream bus.</param>
/// <param name="ResistanceOhm">Series resistance <c>r_l</c>, ohm.</param>
/// <param name="ReactanceOhm">Series reactance <c>x_l</c>, ohm.</param>
/// <param name="LimitKw">Thermal limit <c>Fmax_l</c> on the active flow, kW; null = unlimited.</param>
public sealed record FeederBranch(int ParentIndex, int ChildIndex, double ResistanceOhm, double ReactanceOhm, double? LimitKw);
