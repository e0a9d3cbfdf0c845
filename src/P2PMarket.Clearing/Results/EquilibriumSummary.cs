namespace P2PMarket.Clearing.Results;

/// <summary>The largest residual of each equilibrium condition (MODEL.md sec. 5) and the verdict.</summary>
/// <param name="Passes">True if every residual is within its tolerance.</param>
/// <param name="Failures">Names of the residuals above tolerance (e.g. <c>costGap</c>, <c>networkFeasibility</c>).</param>
/// <param name="CostGapUsd">Largest best-response cost gap, $; null if undefined.</param>
/// <param name="GenerationDeviationKw">Largest <c>|g - g*|</c>, kW; null if undefined.</param>
/// <param name="DemandDeviationKw">Largest <c>|d - d*|</c>, kW; null if undefined.</param>
/// <param name="TradeDeviationKw">Largest <c>|t - t*|</c>, kW; null if undefined.</param>
/// <param name="BalanceKw">Largest power-balance residual, kW.</param>
/// <param name="InjectionMismatchKw">Largest mismatch of a stated injection, kW.</param>
/// <param name="LocalBoundKw">Largest local bound violation, kW.</param>
/// <param name="ReciprocityKw">Largest <c>|t_ij + t_ji|</c>, kW.</param>
/// <param name="TradePriceAsymmetryUsdPerKwh">Largest <c>|tradePrice_ij - tradePrice_ji|</c>, $/kWh.</param>
/// <param name="NetworkViolationKw">Largest row violation in kW of injection (normalized rows).</param>
/// <param name="NegativeMultiplierUsdPerKwh">Largest negative multiplier (normalized rows), $/kWh.</param>
/// <param name="ComplementarityUsd">Largest <c>|mu_k (A P - b)_k|</c>, $.</param>
/// <param name="NetworkPriceMismatchUsdPerKwh">Largest <c>|networkPrice_i - eta_b(i)/r_i|</c>, $/kWh.</param>
/// <param name="Tolerances">Tolerances of the verdict.</param>
public sealed record EquilibriumSummary(
    bool Passes,
    IReadOnlyList<string> Failures,
    double? CostGapUsd,
    double? GenerationDeviationKw,
    double? DemandDeviationKw,
    double? TradeDeviationKw,
    double BalanceKw,
    double InjectionMismatchKw,
    double LocalBoundKw,
    double ReciprocityKw,
    double TradePriceAsymmetryUsdPerKwh,
    double NetworkViolationKw,
    double NegativeMultiplierUsdPerKwh,
    double ComplementarityUsd,
    double NetworkPriceMismatchUsdPerKwh,
    EquilibriumToleranceSummary Tolerances);

/// <summary>Tolerances of the equilibrium verdict, each in its residual's unit.</summary>
/// <param name="CostGapUsd">Cost gap, $.</param>
/// <param name="QuantityKw">Generation, demand, balance, injection, bounds, reciprocity, kW.</param>
/// <param name="TradeDeviationKw">Trade deviation, kW.</param>
/// <param name="NetworkKw">Row violation, kW of injection.</param>
/// <param name="PriceUsdPerKwh">Price residuals, $/kWh.</param>
/// <param name="ComplementarityUsd">Complementarity, $.</param>
public sealed record EquilibriumToleranceSummary(
    double CostGapUsd,
    double QuantityKw,
    double TradeDeviationKw,
    double NetworkKw,
    double PriceUsdPerKwh,
    double ComplementarityUsd);
