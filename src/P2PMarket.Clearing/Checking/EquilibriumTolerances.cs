namespace P2PMarket.Clearing.Checking;

/// <summary>Tolerances of <see cref="EquilibriumResiduals.Passes"/>, absolute, each in its residual's unit.</summary>
/// <param name="CostGapUsd">Best-response cost gap, $ per interval (the primary check).</param>
/// <param name="QuantityKw">Generation and demand deviations, balance, injection mismatch, local bounds, reciprocity, kW.</param>
/// <param name="TradeDeviationKw">Trade deviation from the best response, kW. Trades are unique only through the tiny
/// friction <c>gamma</c>: a cost gap <c>delta</c> allows a deviation up to about <c>sqrt(2 delta / gamma)</c>, so this
/// tolerance is looser than <paramref name="QuantityKw"/>.</param>
/// <param name="NetworkKw">Network row violation, kW of injection on the normalized row.</param>
/// <param name="PriceUsdPerKwh">Trade price asymmetry, negative multipliers (normalized) and network price consistency, $/kWh.</param>
/// <param name="ComplementarityUsd">Complementarity <c>|mu_k (A P - b)_k|</c>, $ per interval.</param>
public sealed record EquilibriumTolerances(
    double CostGapUsd = 1e-6,
    double QuantityKw = 1e-4,
    double TradeDeviationKw = 1e-2,
    double NetworkKw = 1e-4,
    double PriceUsdPerKwh = 1e-6,
    double ComplementarityUsd = 1e-6);
