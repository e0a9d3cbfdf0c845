namespace P2PMarket.Clearing.Results;

/// <summary>One bus.</summary>
/// <param name="Label">Original bus number.</param>
/// <param name="InjectionKw">Sum of the prosumers' injections at the bus, kW.</param>
/// <param name="PassiveLoadKw">Passive load <c>PL</c>, kW.</param>
/// <param name="BusPriceUsdPerKwh"><c>eta_n = sum_k mu_k A[k,n]</c>, $/kWh per kW injected.</param>
/// <param name="Dlmp">The DLMP and its components (MODEL.md sec. 6).</param>
/// <param name="VoltageLinearPu">LinDistFlow voltage <c>sqrt(w_n)</c>, p.u.</param>
/// <param name="VoltageAcPu">AC power-flow voltage, p.u.</param>
public sealed record BusResult(
    int Label,
    double InjectionKw,
    double PassiveLoadKw,
    double BusPriceUsdPerKwh,
    DlmpComponents Dlmp,
    double VoltageLinearPu,
    double VoltageAcPu);
