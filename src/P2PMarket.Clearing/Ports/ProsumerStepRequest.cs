namespace P2PMarket.Clearing.Ports;

/// <summary>
/// What the coordinator sends the prosumers for one ADMM iteration (MODEL.md sec. 7 step 1). Arrays use
/// the market's global indexing (prosumer index, trade slot of <see cref="P2PMarket.Prosumers.TradeGraph"/>);
/// a port that serves a shard reads only its own range. The engine reuses one instance across iterations.
/// </summary>
public sealed class ProsumerStepRequest(int prosumerCount, int slotCount)
{
    /// <summary>Identifier of the clearing, for idempotent transport.</summary>
    public string ClearingId { get; set; } = "";

    /// <summary>Iteration number k (0-based).</summary>
    public long Iteration { get; set; }

    /// <summary>ADMM penalty <c>rho^k</c>, $/kW^2 per interval.</summary>
    public double Rho { get; set; }

    /// <summary>Proximal weight <c>tau^k</c> on each injection, $/kW^2 per interval (0 = none).</summary>
    public double InjectionProximal { get; set; }

    /// <summary>True on the final pass: the port must fill <see cref="ProsumerStepResult.Decisions"/>.</summary>
    public bool IncludeDecisions { get; set; }

    /// <summary>Per prosumer: <c>networkPrice_i = eta_b(i) / r_i</c>, $/kWh.</summary>
    public double[] NetworkPrice { get; } = new double[prosumerCount];

    /// <summary>Per prosumer: anchor of the injection proximal term (previous injection), kW.</summary>
    public double[] InjectionAnchorKw { get; } = new double[prosumerCount];

    /// <summary>Per prosumer: lower bound on the injection, kW (-infinity = none; the <c>oe</c> market's envelope).</summary>
    public double[] InjectionMinKw { get; } = Enumerable.Repeat(double.NegativeInfinity, prosumerCount).ToArray();

    /// <summary>Per prosumer: upper bound on the injection, kW (+infinity = none).</summary>
    public double[] InjectionMaxKw { get; } = Enumerable.Repeat(double.PositiveInfinity, prosumerCount).ToArray();

    /// <summary>Per slot: bound on <c>|t_ij|</c> in place of the pair's own limit, kW (+infinity = the pair's limit;
    /// 0 blocks the trade: the <c>discard</c> market). Both slots of a pair carry the same value.</summary>
    public double[] TradeLimitKw { get; } = Enumerable.Repeat(double.PositiveInfinity, slotCount).ToArray();

    /// <summary>Per slot: <c>tradePrice_ij^k</c>, $/kWh.</summary>
    public double[] TradePrice { get; } = new double[slotCount];

    /// <summary>Per slot: <c>(t_ij^k - t_ji^k) / 2</c>, kW: the own and the partner's proposal folded into the
    /// ADMM anchor, so a gateway needs no state between iterations.</summary>
    public double[] TradeAnchor { get; } = new double[slotCount];
}
