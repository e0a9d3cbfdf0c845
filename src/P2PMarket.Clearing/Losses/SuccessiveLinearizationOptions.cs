namespace P2PMarket.Clearing.Losses;

/// <summary>Settings of <see cref="SuccessiveLinearization"/>.</summary>
/// <param name="MaxPasses">Cap on the clearings (re-linearizations), &gt;= 1.</param>
/// <param name="VoltageTolerancePu">AC voltage excursion beyond [Vmin, Vmax] accepted as feasible, p.u.</param>
/// <param name="FlowToleranceKw">AC sending-end flow beyond its limit accepted as feasible, kW.</param>
public sealed record SuccessiveLinearizationOptions(
    int MaxPasses = 8,
    double VoltageTolerancePu = 1e-4,
    double FlowToleranceKw = 0.1);
