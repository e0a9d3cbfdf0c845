namespace P2PMarket.Services.Hosting.Telemetry;

/// <summary>Names of the services' <c>ActivitySource</c>s and <c>Meter</c>s (one each per service) and of the
/// span attributes they set (DESIGN.md "Observability").</summary>
public static class TelemetryNames
{
    /// <summary>Source and meter of the coordinator.</summary>
    public const string Coordinator = "P2PMarket.Coordinator";

    /// <summary>Source and meter of the network operator.</summary>
    public const string NetworkOperator = "P2PMarket.NetworkOperator";

    /// <summary>Source and meter of the prosumer gateways.</summary>
    public const string ProsumerGateway = "P2PMarket.ProsumerGateway";

    /// <summary>Span attribute: clearing id.</summary>
    public const string ClearingId = "p2pmarket.clearing_id";

    /// <summary>Span attribute: ADMM iteration number.</summary>
    public const string Iteration = "p2pmarket.iteration";

    /// <summary>Span attribute: prosumers in the batch of a step.</summary>
    public const string BatchSize = "p2pmarket.batch_size";

    /// <summary>Span attribute: ADMM penalty rho, $/kW^2.</summary>
    public const string Rho = "p2pmarket.rho";

    /// <summary>Span attribute: network dual step, $/kW^2.</summary>
    public const string DualStep = "p2pmarket.dual_step";

    /// <summary>Span attribute: reciprocity residual, kW.</summary>
    public const string ReciprocityResidual = "p2pmarket.residual.reciprocity_kw";

    /// <summary>Span attribute: network violation, kW.</summary>
    public const string NetworkViolation = "p2pmarket.residual.network_violation_kw";

    /// <summary>Span attribute: trade dual residual, $/kWh.</summary>
    public const string TradeDualResidual = "p2pmarket.residual.trade_dual";

    /// <summary>Span attribute: change of the normalized multipliers in one operator step, $/kWh.</summary>
    public const string MultiplierChange = "p2pmarket.residual.multiplier_change";

    /// <summary>Span attribute: network primal residual, kW.</summary>
    public const string NetworkPrimalResidual = "p2pmarket.residual.network_primal_kw";

    /// <summary>Span attribute: network dual residual, $/kWh.</summary>
    public const string NetworkDualResidual = "p2pmarket.residual.network_dual";

    /// <summary>Span attribute: proximal weight tau on the injections, $/kW^2.</summary>
    public const string InjectionProximal = "p2pmarket.injection_proximal";

    /// <summary>Span attribute: shard index of a gateway.</summary>
    public const string ShardIndex = "p2pmarket.shard_index";

    /// <summary>Span attribute: scenario id.</summary>
    public const string ScenarioId = "p2pmarket.scenario_id";

    /// <summary>Span attribute: market mode.</summary>
    public const string Mode = "p2pmarket.mode";

    /// <summary>Span attribute: true when a step answered a resent iteration.</summary>
    public const string Repeated = "p2pmarket.repeated";
}
