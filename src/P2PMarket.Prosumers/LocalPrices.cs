namespace P2PMarket.Prosumers;

/// <summary>The scalar signals of one local solve besides the per-trade prices (MODEL.md sec. 7 step 1).</summary>
/// <param name="NetworkPrice"><c>networkPrice_i = eta_b(i) / r_i</c>, $/kWh charged per kW injected.</param>
/// <param name="Rho">ADMM penalty <c>rho &gt;= 0</c> on the trades, $/kW^2 per interval; 0 gives the pure best response.</param>
/// <param name="InjectionProximal">Optional proximal weight <c>tau &gt;= 0</c> on the injection, $/kW^2 per interval:
/// adds <c>tau/2 (p - InjectionAnchorKw)^2</c>. It vanishes at a fixed point, so it keeps the equilibrium.</param>
/// <param name="InjectionAnchorKw">Anchor of the proximal term, kW (the previous injection).</param>
/// <param name="InjectionMinKw">Optional hard lower bound <c>OEmin</c> on the bus injection <c>p = g + sUsed - l - d</c>, kW
/// (the robust operating envelope of the <c>oe</c> market, MODEL.md sec. 4); negative infinity = none.</param>
/// <param name="InjectionMaxKw">Optional hard upper bound <c>OEmax</c> on the bus injection, kW; positive infinity = none.
/// With both bounds infinite the solve is bit-identical to one without bounds.</param>
public readonly record struct LocalPrices(
    double NetworkPrice,
    double Rho,
    double InjectionProximal = 0,
    double InjectionAnchorKw = 0,
    double InjectionMinKw = double.NegativeInfinity,
    double InjectionMaxKw = double.PositiveInfinity);
