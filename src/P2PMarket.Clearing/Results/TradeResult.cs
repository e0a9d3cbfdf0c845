namespace P2PMarket.Clearing.Results;

/// <summary>One bilateral trade seen from a prosumer i with partner j.</summary>
/// <param name="PartnerId">Id of j.</param>
/// <param name="QuantityKw"><c>t_ij</c>, kW: positive = i sells to j.</param>
/// <param name="PriceUsdPerKwh"><c>tradePrice_ij</c>, $/kWh: what the buyer pays and the seller receives.</param>
/// <param name="NetworkChargeUsdPerKwh"><c>DLMP_b(j) - DLMP_b(i)</c>, $/kWh: the network charge per kWh i sells to j
/// (MODEL.md sec. 6); informational, the settlement uses the network price; null if undefined.</param>
public sealed record TradeResult(string PartnerId, double QuantityKw, double PriceUsdPerKwh, double? NetworkChargeUsdPerKwh);
