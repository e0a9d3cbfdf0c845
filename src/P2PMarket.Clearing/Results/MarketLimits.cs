namespace P2PMarket.Clearing.Results;

/// <summary>Limits and retail prices of the scenario.</summary>
/// <param name="VoltageMinPu">Feeder-wide <c>Vmin</c>, p.u.</param>
/// <param name="VoltageMaxPu">Feeder-wide <c>Vmax</c>, p.u.</param>
/// <param name="RetailImportUsdPerKwh"><c>priceImport</c>, $/kWh.</param>
/// <param name="RetailExportUsdPerKwh"><c>priceExport</c>, $/kWh.</param>
public sealed record MarketLimits(double VoltageMinPu, double VoltageMaxPu, double RetailImportUsdPerKwh, double RetailExportUsdPerKwh);
