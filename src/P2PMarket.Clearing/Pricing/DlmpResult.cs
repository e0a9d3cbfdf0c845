namespace P2PMarket.Clearing.Pricing;

/// <summary>Distribution locational marginal prices and the network settlement (MODEL.md sec. 6).</summary>
/// <param name="EnergyPrice">The energy component, $/kWh; NaN = undefined.</param>
/// <param name="EnergySource">Where <paramref name="EnergyPrice"/> comes from.</param>
/// <param name="TradedVolumeKw">Sum over pairs (each once) of the traded quantity <c>(|t_ij| + |t_ji|)/2</c>, kW.</param>
/// <param name="Buses">Per bus (index 0 = substation): the DLMP and its components.</param>
/// <param name="BusPrice">Per bus: <c>eta_n = sum_k mu_k A[k,n]</c>, $/kWh charged per kW injected.</param>
/// <param name="NetworkPrice">Per prosumer: <c>networkPrice_i = eta_b(i) / r_i</c>, $/kWh.</param>
/// <param name="NetworkChargePerKwh">Per trade slot (i, j): <c>DLMP_b(j) - DLMP_b(i)</c>, $/kWh: the network
/// charge a trade bears per kWh that i sells to j (for <c>t_ij &lt; 0</c> the energy flows the other way and the
/// charge per kWh of that flow is the negative). Computed from the network components, so it is defined even
/// when the energy price is not (unless loss factors differ between the two buses).</param>
/// <param name="OperatorSurplus">The operator's merchandising surplus <c>sum_i networkPrice_i p_i</c>, $ per interval.</param>
public sealed record DlmpResult(
    double EnergyPrice,
    EnergyPriceSource EnergySource,
    double TradedVolumeKw,
    IReadOnlyList<BusDlmp> Buses,
    IReadOnlyList<double> BusPrice,
    IReadOnlyList<double> NetworkPrice,
    IReadOnlyList<double> NetworkChargePerKwh,
    double OperatorSurplus);
