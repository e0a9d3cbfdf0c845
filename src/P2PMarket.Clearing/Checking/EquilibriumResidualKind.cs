namespace P2PMarket.Clearing.Checking;

/// <summary>The residuals of the equilibrium conditions (MODEL.md sec. 5), as named by
/// <see cref="EquilibriumResiduals.Failures"/>.</summary>
public enum EquilibriumResidualKind
{
    /// <summary>Best-response cost gap of some prosumer, $ per interval.</summary>
    CostGap,

    /// <summary>Generation differs from the best response, kW.</summary>
    GenerationDeviation,

    /// <summary>Flexible demand differs from the best response, kW.</summary>
    DemandDeviation,

    /// <summary>A trade differs from the best response, kW.</summary>
    TradeDeviation,

    /// <summary>Power balance of some prosumer, kW.</summary>
    Balance,

    /// <summary>Stated injection differs from <c>g + sUsed - l - d</c>, kW.</summary>
    InjectionMismatch,

    /// <summary>A local bound is violated, kW.</summary>
    LocalBound,

    /// <summary>Reciprocity <c>t_ij + t_ji = 0</c>, kW.</summary>
    Reciprocity,

    /// <summary>The two sides of a pair see different trade prices, $/kWh.</summary>
    TradePriceAsymmetry,

    /// <summary>A network row is violated, kW of injection on the normalized row.</summary>
    NetworkFeasibility,

    /// <summary>A multiplier is negative, $/kWh on the normalized row.</summary>
    MultiplierSign,

    /// <summary>Complementarity <c>mu_k (A P - b)_k = 0</c>, $ per interval.</summary>
    Complementarity,

    /// <summary>A reported network price differs from <c>eta_b(i) / r_i</c>, $/kWh.</summary>
    NetworkPriceConsistency,
}
