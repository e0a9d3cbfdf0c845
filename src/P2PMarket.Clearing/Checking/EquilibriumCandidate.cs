using P2PMarket.Prosumers;

namespace P2PMarket.Clearing.Checking;

/// <summary>A cleared market to verify (MODEL.md sec. 5, 8): everything a result states, in the market's global
/// indexing (prosumer index, trade slot of <see cref="TradeGraph"/>, network row).</summary>
/// <param name="Decisions">Per prosumer: every decision variable (its <see cref="LocalDecision.Cost"/> is not trusted: the checker recomputes costs).</param>
/// <param name="Trades">Per slot: <c>t_ij</c>, kW.</param>
/// <param name="TradePrice">Per slot: <c>tradePrice_ij</c>, $/kWh.</param>
/// <param name="Multiplier">Per network row: <c>mu_k</c>, $/h per unit of the row.</param>
/// <param name="Weights">Per prosumer: NNE weight <c>r_i &gt; 0</c>.</param>
public sealed record EquilibriumCandidate(
    IReadOnlyList<LocalDecision> Decisions,
    IReadOnlyList<double> Trades,
    IReadOnlyList<double> TradePrice,
    IReadOnlyList<double> Multiplier,
    IReadOnlyList<double> Weights)
{
    /// <summary>Per prosumer: the network price the clearing reported, $/kWh; null = not checked.</summary>
    public IReadOnlyList<double>? NetworkPrice { get; init; }
}
