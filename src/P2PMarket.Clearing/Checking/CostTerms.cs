using P2PMarket.Prosumers;

namespace P2PMarket.Clearing.Checking;

/// <summary>Per-prosumer settlement terms on the market's global slot arrays. The true cost is
/// <see cref="ProsumerCost.Evaluate"/>, the single definition of <c>C_i</c> (MODEL.md sec. 2).</summary>
internal static class CostTerms
{
    /// <summary>True cost <c>C_i</c> of prosumer <paramref name="index"/> with its trades read from the global slot array, $ per interval.</summary>
    public static double TrueCost(ProsumerParameters p, RetailPrices retail, TradeGraph graph, int index,
        in LocalDecision decision, IReadOnlyList<double> trades)
    {
        var start = graph.SlotStart(index);
        var count = graph.PartnerCount(index);
        var own = trades is double[] array ? array.AsSpan(start, count) : trades.Skip(start).Take(count).ToArray();
        return ProsumerCost.Evaluate(p, retail, graph, index, decision, own);
    }

    /// <summary>Bus injection from the decision variables, <c>g + sUsed - l - d</c>, kW.</summary>
    public static double Injection(ProsumerParameters p, in LocalDecision decision) =>
        decision.GenerationKw + decision.PvUsedKw - p.FixedLoadKw - decision.FlexibleDemandKw;

    /// <summary>Trade revenue <c>sum_j tradePrice_ij t_ij</c>, $ per interval.</summary>
    public static double TradeRevenue(TradeGraph graph, int index, IReadOnlyList<double> trades, IReadOnlyList<double> tradePrice)
    {
        var revenue = 0.0;
        var start = graph.SlotStart(index);
        for (var s = start; s < start + graph.PartnerCount(index); s++) revenue += tradePrice[s] * trades[s];
        return revenue;
    }
}
