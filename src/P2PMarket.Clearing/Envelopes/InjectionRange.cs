using P2PMarket.Prosumers;

namespace P2PMarket.Clearing.Envelopes;

/// <summary>
/// The physical range of a prosumer's bus injection <c>p_i = g + sUsed - l - d</c> (MODEL.md sec. 2): the
/// bounds no envelope needs to exceed. From the device bounds alone,
/// <c>p_i in [-(l + Dmax), Gmax + s - l - Dmin]</c> (no generation, no PV, the largest demand; full
/// generation and PV, the smallest demand). The power balance <c>p_i = sum_j t_ij - m_i + x_i</c> bounds it
/// also by what the market side can absorb or supply: <c>|p_i| &lt;= sum_j Tmax_ij + Emax_i</c>. The range is
/// the intersection of the two.
/// </summary>
public static class InjectionRange
{
    /// <summary>The physical injection range of prosumer <paramref name="index"/>, kW.</summary>
    /// <param name="prosumer">Private parameters.</param>
    /// <param name="graph">Trading graph (for the trade limits <c>Tmax_ij</c>).</param>
    /// <param name="index">Index of the prosumer in <paramref name="graph"/>.</param>
    /// <exception cref="InvalidOperationException">The range is empty: the prosumer cannot meet its power balance.</exception>
    public static OperatingEnvelope Of(ProsumerParameters prosumer, TradeGraph graph, int index)
    {
        var marketKw = prosumer.RetailLimitKw;
        var start = graph.SlotStart(index);
        for (var s = start; s < start + graph.PartnerCount(index); s++) marketKw += graph.PairOf(s).LimitKw;
        var deviceMin = -(prosumer.FixedLoadKw + prosumer.DemandMaxKw);
        var deviceMax = prosumer.GenerationMaxKw + prosumer.PvAvailableKw - prosumer.FixedLoadKw - prosumer.DemandMinKw;
        var range = new OperatingEnvelope(Math.Max(deviceMin, -marketKw), Math.Min(deviceMax, marketKw));
        if (!(range.MinKw <= range.MaxKw))
            throw new InvalidOperationException(
                $"prosumer '{prosumer.Id}': empty injection range: devices allow [{deviceMin}, {deviceMax}] kW, " +
                $"trades and retail allow [{-marketKw}, {marketKw}] kW; the power balance cannot be met");
        return range;
    }
}
