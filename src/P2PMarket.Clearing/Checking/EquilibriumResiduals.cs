namespace P2PMarket.Clearing.Checking;

/// <summary>Residuals of every condition of a (normalized) Nash equilibrium (MODEL.md sec. 5), from a result alone.</summary>
/// <param name="Prosumers">Per prosumer: best-response and local residuals.</param>
/// <param name="ReciprocityKw"><c>max |t_ij + t_ji|</c> over pairs, kW.</param>
/// <param name="TradePriceAsymmetry"><c>max |tradePrice_ij - tradePrice_ji|</c> over pairs, $/kWh.</param>
/// <param name="RowViolation">Per network row: <c>max(0, (A P - b)_k)</c> in the row's unit (p.u.^2 or kW).</param>
/// <param name="NetworkViolationKw"><c>max_k max(0, (A P - b)_k) / ||A_k||</c>, kW of injection.</param>
/// <param name="NegativeMultiplier"><c>max_k max(0, -mu_k) ||A_k||</c>, $/kWh (<c>mu &gt;= 0</c>).</param>
/// <param name="Complementarity"><c>max_k |mu_k (A P - b)_k|</c>, $ per interval.</param>
/// <param name="NetworkPriceMismatch"><c>max_i |networkPrice_i - eta_b(i) / r_i|</c> over the reported network
/// prices, $/kWh; 0 when none were reported.</param>
public sealed record EquilibriumResiduals(
    IReadOnlyList<ProsumerResiduals> Prosumers,
    double ReciprocityKw,
    double TradePriceAsymmetry,
    IReadOnlyList<double> RowViolation,
    double NetworkViolationKw,
    double NegativeMultiplier,
    double Complementarity,
    double NetworkPriceMismatch)
{
    /// <summary>Largest <c>|CostGap|</c>, $ per interval.</summary>
    public double MaxCostGap => Max(p => Math.Abs(p.CostGap));

    /// <summary>Largest generation deviation, kW.</summary>
    public double MaxGenerationDeviationKw => Max(p => p.GenerationDeviationKw);

    /// <summary>Largest flexible-demand deviation, kW.</summary>
    public double MaxDemandDeviationKw => Max(p => p.DemandDeviationKw);

    /// <summary>Largest trade deviation, kW.</summary>
    public double MaxTradeDeviationKw => Max(p => p.TradeDeviationKw);

    /// <summary>Largest balance residual, kW.</summary>
    public double MaxBalanceResidualKw => Max(p => p.BalanceResidualKw);

    /// <summary>Largest injection mismatch, kW.</summary>
    public double MaxInjectionMismatchKw => Max(p => p.InjectionMismatchKw);

    /// <summary>Largest local bound violation, kW.</summary>
    public double MaxLocalBoundViolationKw => Max(p => p.LocalBoundViolationKw);

    /// <summary>The value of one residual (the largest over prosumers, pairs or rows), in its unit.</summary>
    public double Value(EquilibriumResidualKind kind) => kind switch
    {
        EquilibriumResidualKind.CostGap => MaxCostGap,
        EquilibriumResidualKind.GenerationDeviation => MaxGenerationDeviationKw,
        EquilibriumResidualKind.DemandDeviation => MaxDemandDeviationKw,
        EquilibriumResidualKind.TradeDeviation => MaxTradeDeviationKw,
        EquilibriumResidualKind.Balance => MaxBalanceResidualKw,
        EquilibriumResidualKind.InjectionMismatch => MaxInjectionMismatchKw,
        EquilibriumResidualKind.LocalBound => MaxLocalBoundViolationKw,
        EquilibriumResidualKind.Reciprocity => ReciprocityKw,
        EquilibriumResidualKind.TradePriceAsymmetry => TradePriceAsymmetry,
        EquilibriumResidualKind.NetworkFeasibility => NetworkViolationKw,
        EquilibriumResidualKind.MultiplierSign => NegativeMultiplier,
        EquilibriumResidualKind.Complementarity => Complementarity,
        EquilibriumResidualKind.NetworkPriceConsistency => NetworkPriceMismatch,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The tolerance of one residual.</summary>
    public static double ToleranceOf(EquilibriumResidualKind kind, EquilibriumTolerances tolerances) => kind switch
    {
        EquilibriumResidualKind.CostGap => tolerances.CostGapUsd,
        EquilibriumResidualKind.TradeDeviation => tolerances.TradeDeviationKw,
        EquilibriumResidualKind.NetworkFeasibility => tolerances.NetworkKw,
        EquilibriumResidualKind.TradePriceAsymmetry or EquilibriumResidualKind.MultiplierSign
            or EquilibriumResidualKind.NetworkPriceConsistency => tolerances.PriceUsdPerKwh,
        EquilibriumResidualKind.Complementarity => tolerances.ComplementarityUsd,
        _ => tolerances.QuantityKw,
    };

    /// <summary>The residuals above their tolerances (NaN counts as a failure), in declaration order.</summary>
    public IReadOnlyList<EquilibriumResidualKind> Failures(EquilibriumTolerances tolerances) =>
        Enum.GetValues<EquilibriumResidualKind>().Where(k => !(Value(k) <= ToleranceOf(k, tolerances))).ToArray();

    /// <summary>True if every residual is within its tolerance.</summary>
    public bool Passes(EquilibriumTolerances tolerances) => Failures(tolerances).Count == 0;

    private double Max(Func<ProsumerResiduals, double> value)
    {
        var max = 0.0;
        foreach (var p in Prosumers)
        {
            var v = value(p);
            if (double.IsNaN(v)) return double.NaN;
            max = Math.Max(max, v);
        }
        return max;
    }
}
