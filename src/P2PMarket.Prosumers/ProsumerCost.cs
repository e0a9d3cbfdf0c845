namespace P2PMarket.Prosumers;

/// <summary>
/// A prosumer's true cost <c>C_i</c> (MODEL.md sec. 2): generation cost minus utility, plus retail import paid
/// minus retail export earned, plus the transaction fees and friction of its trades. No ADMM penalty, no trade
/// payments, no network charge (those are transfers). Social welfare is <c>-sum_i C_i</c>.
/// </summary>
public static class ProsumerCost
{
    /// <summary>Evaluates <c>C_i = a g^2 + c g - (alpha d - beta d^2) + priceImport m - priceExport x
    /// + sum_j [tradeFee_ij |t_ij| + gamma_ij/2 t_ij^2]</c>, $ per interval. PV use costs nothing.</summary>
    /// <param name="prosumer">Private parameters of prosumer i.</param>
    /// <param name="retail">Retail prices.</param>
    /// <param name="graph">Trading graph (fees, friction).</param>
    /// <param name="prosumerIndex">Index of prosumer i in <paramref name="graph"/>.</param>
    /// <param name="decision">The decision; its <see cref="LocalDecision.Cost"/> is ignored.</param>
    /// <param name="trades">Per own slot of i: <c>t_ij</c>, kW.</param>
    /// <exception cref="ArgumentException"><paramref name="trades"/> has not one entry per partner.</exception>
    public static double Evaluate(ProsumerParameters prosumer, RetailPrices retail, TradeGraph graph, int prosumerIndex,
        in LocalDecision decision, ReadOnlySpan<double> trades)
    {
        var partnerCount = graph.PartnerCount(prosumerIndex);
        if (trades.Length != partnerCount)
            throw new ArgumentException(
                $"prosumer '{prosumer.Id}': expected {partnerCount} trades (one per partner), got {trades.Length}", nameof(trades));

        var g = decision.GenerationKw;
        var d = decision.FlexibleDemandKw;
        var cost = (prosumer.GenerationCostQuadratic * g + prosumer.GenerationCostLinear) * g
            - (prosumer.UtilityLinear - prosumer.UtilityQuadratic * d) * d
            + retail.ImportPerKwh * decision.ImportKw
            - retail.ExportPerKwh * decision.ExportKw;
        var firstSlot = graph.SlotStart(prosumerIndex);
        for (var k = 0; k < trades.Length; k++)
        {
            var pair = graph.PairOf(firstSlot + k);
            var t = trades[k];
            cost += pair.FeePerKwh * Math.Abs(t) + 0.5 * pair.Friction * t * t;
        }
        return cost;
    }
}
