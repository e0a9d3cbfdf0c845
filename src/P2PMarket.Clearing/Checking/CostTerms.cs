using P2PMarket.Prosumers;

namespace P2PMarket.Clearing.Checking;

/// <summary>A prosumer's true cost <c>C_i</c> (MODEL.md sec. 2) evaluated from the decision variables and its
/// trades, $ per interval: generation cost - utility + retail import - retail export + fees + friction.</summary>
internal static class CostTerms
{
    public static double TrueCost(ProsumerParameters p, RetailPrices retail, TradeGraph graph, int index,
        in LocalDecision decision, IReadOnlyList<double> trades)
    {
        var g = decision.GenerationKw;
        var d = decision.FlexibleDemandKw;
        var cost = p.GenerationCostQuadratic * g * g + p.GenerationCostLinear * g
            - (p.UtilityLinear * d - p.UtilityQuadratic * d * d)
            + retail.ImportPerKwh * decision.ImportKw - retail.ExportPerKwh * decision.ExportKw;
        var start = graph.SlotStart(index);
        for (var s = start; s < start + graph.PartnerCount(index); s++)
        {
            var pair = graph.PairOf(s);
            var t = trades[s];
            cost += pair.FeePerKwh * Math.Abs(t) + 0.5 * pair.Friction * t * t;
        }
        return cost;
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
