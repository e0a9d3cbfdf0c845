namespace P2PMarket.Clearing.Results;

/// <summary>A bus's DLMP, the price of consuming 1 kW more there, with its components; null = undefined.</summary>
/// <param name="TotalUsdPerKwh"><c>DLMP_n</c>, $/kWh.</param>
/// <param name="EnergyUsdPerKwh">Energy component (the same at every bus), $/kWh.</param>
/// <param name="CongestionUsdPerKwh">Congestion component (flow rows), $/kWh.</param>
/// <param name="VoltageUsdPerKwh">Voltage component (voltage rows), $/kWh.</param>
/// <param name="LossUsdPerKwh">Loss component, $/kWh (0 in lossless LinDistFlow).</param>
public sealed record DlmpComponents(
    double? TotalUsdPerKwh,
    double? EnergyUsdPerKwh,
    double CongestionUsdPerKwh,
    double VoltageUsdPerKwh,
    double? LossUsdPerKwh);
