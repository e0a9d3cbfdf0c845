namespace P2PMarket.Prosumers;

/// <summary>Market-wide retail contract of the supplier of last resort (MODEL.md sec. 2).</summary>
/// <param name="ImportPerKwh"><c>priceImport</c>, $/kWh.</param>
/// <param name="ExportPerKwh"><c>priceExport &lt; priceImport</c>, $/kWh.</param>
public sealed record RetailPrices(double ImportPerKwh, double ExportPerKwh);
