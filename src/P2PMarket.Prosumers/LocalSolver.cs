namespace P2PMarket.Prosumers;

/// <summary>
/// Exact local optimization of one prosumer (MODEL.md sec. 7 step 2):
/// <c>min C_i + networkPrice p_i + sum_j [ -tradePrice_ij t_ij + rho/2 (t_ij - anchor_ij)^2 ] + tau/2 (p_i - pAnchor)^2</c>
/// over the prosumer's local set with its power balance. Separable given the balance multiplier, solved
/// exactly by breakpoint search on that multiplier.
/// </summary>
public sealed class LocalSolver(RetailPrices retail)
{
    /// <summary>Market-wide retail prices used by every solve.</summary>
    public RetailPrices Retail { get; } = retail;

    /// <summary>Solves the local problem of prosumer <paramref name="prosumerIndex"/>.</summary>
    /// <param name="prosumer">Private parameters.</param>
    /// <param name="graph">Trading graph (pair limits, fees, friction).</param>
    /// <param name="prosumerIndex">Index of the prosumer in <paramref name="graph"/>.</param>
    /// <param name="prices">Network price, rho and the optional injection proximal term.</param>
    /// <param name="tradePrice">Per own slot: <c>tradePrice_ij</c>, $/kWh (received when selling).</param>
    /// <param name="tradeAnchor">Per own slot: <c>(t_ij^k - t_ji^k)/2</c>, kW.</param>
    /// <param name="trades">Per own slot, written: the new <c>t_ij</c>, kW.</param>
    /// <exception cref="InvalidOperationException">The local set is empty (the balance cannot be met).</exception>
    public LocalDecision Solve(ProsumerParameters prosumer, TradeGraph graph, int prosumerIndex, in LocalPrices prices,
        ReadOnlySpan<double> tradePrice, ReadOnlySpan<double> tradeAnchor, Span<double> trades)
        => throw new NotImplementedException("issue 2 item 3: exact local solver");
}
