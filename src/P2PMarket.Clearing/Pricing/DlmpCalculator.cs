using P2PMarket.Grid;
using P2PMarket.Prosumers;

namespace P2PMarket.Clearing.Pricing;

/// <summary>
/// Distribution locational marginal prices (MODEL.md sec. 6) of a cleared market:
/// <c>DLMP_n = energy + congestion_n + voltage_n + loss_n</c>, $/kWh, the price of consuming 1 kW more at bus n.
/// The network components are minus the multipliers' prices of an injection, split by row kind
/// (<c>congestion + voltage = -eta</c> per bus); the loss component is <c>-energy * LF_n</c> with
/// <c>LF_n = dLoss/dP_n</c> the loss factor of an <em>injection</em> at n (MODEL.md sec. 3), so consuming where
/// consumption raises the losses costs more, the same sign convention as the other components.
/// </summary>
/// <param name="volumeToleranceKw">Total traded volume at or below which the market counts as having no trades, kW.</param>
/// <param name="limitToleranceKw">Distance from 0 and from <c>Emax_i</c> for a retail position to count as strictly inside, kW.</param>
public sealed class DlmpCalculator(double volumeToleranceKw = 1e-9, double limitToleranceKw = 1e-6)
{
    /// <summary>Total traded volume at or below which there is no trade volume, kW.</summary>
    public double VolumeToleranceKw { get; } = volumeToleranceKw;

    /// <summary>Margin for "strictly inside the retail limits", kW.</summary>
    public double LimitToleranceKw { get; } = limitToleranceKw;

    /// <summary>Computes the DLMPs, the network charge of every trade and the operator's surplus.</summary>
    /// <param name="constraints">The network rows (their kinds split congestion from voltage).</param>
    /// <param name="multiplier">Per row: <c>mu_k &gt;= 0</c>, $/h per unit of the row (MODEL.md sec. 3).</param>
    /// <param name="graph">Trading graph.</param>
    /// <param name="trades">Per slot: <c>t_ij</c>, kW.</param>
    /// <param name="tradePrice">Per slot: <c>tradePrice_ij</c>, $/kWh.</param>
    /// <param name="prosumers">Prosumers (bus, retail limit, weight).</param>
    /// <param name="decisions">Per prosumer: the cleared decision (injection, import, export).</param>
    /// <param name="retail">Retail prices.</param>
    /// <param name="weights">Per prosumer: NNE weight <c>r_i</c>; null = each prosumer's own <see cref="ProsumerParameters.Weight"/>.</param>
    /// <param name="lossFactor">Per bus: <c>LF_n = dLoss/dP_n</c>, kW per kW; null = lossless (LinDistFlow).</param>
    public DlmpResult Compute(NetworkConstraints constraints, IReadOnlyList<double> multiplier, TradeGraph graph,
        IReadOnlyList<double> trades, IReadOnlyList<double> tradePrice, IReadOnlyList<ProsumerParameters> prosumers,
        IReadOnlyList<LocalDecision> decisions, RetailPrices retail, IReadOnlyList<double>? weights = null,
        IReadOnlyList<double>? lossFactor = null)
    {
        Require(multiplier.Count == constraints.RowCount, nameof(multiplier), $"{constraints.RowCount} multipliers, one per network row, got {multiplier.Count}");
        Require(trades.Count == graph.SlotCount, nameof(trades), $"{graph.SlotCount} trades, one per slot, got {trades.Count}");
        Require(tradePrice.Count == graph.SlotCount, nameof(tradePrice), $"{graph.SlotCount} trade prices, one per slot, got {tradePrice.Count}");
        Require(prosumers.Count == graph.ProsumerCount, nameof(prosumers), $"{graph.ProsumerCount} prosumers, got {prosumers.Count}");
        Require(decisions.Count == prosumers.Count, nameof(decisions), $"{prosumers.Count} decisions, one per prosumer, got {decisions.Count}");
        Require(weights is null || weights.Count == prosumers.Count, nameof(weights), $"{prosumers.Count} weights, one per prosumer");
        Require(lossFactor is null || lossFactor.Count == constraints.BusCount, nameof(lossFactor), $"{constraints.BusCount} loss factors, one per bus");

        var (energy, source, volume) = EnergyPrice(graph, trades, tradePrice, prosumers, decisions, retail);

        // 1. Network components per bus, by row kind.
        var buses = constraints.BusCount;
        var congestion = new double[buses];
        var voltage = new double[buses];
        for (var k = 0; k < constraints.RowCount; k++)
        {
            var mu = multiplier[k];
            if (mu == 0) continue;
            var target = constraints.Kinds[k] is NetworkRowKind.FlowMax or NetworkRowKind.FlowMin ? congestion : voltage;
            for (var n = 0; n < buses; n++) target[n] -= mu * constraints.Matrix[k, n];
        }
        var busPrice = new double[buses];
        var dlmp = new BusDlmp[buses];
        for (var n = 0; n < buses; n++)
        {
            busPrice[n] = -(congestion[n] + voltage[n]);
            var lf = lossFactor?[n] ?? 0.0;
            var loss = lf == 0 ? 0.0 : -energy * lf;
            dlmp[n] = new BusDlmp(energy, congestion[n], voltage[n], loss, energy + congestion[n] + voltage[n] + loss);
        }

        // 2. Network charge per slot: DLMP at the partner's bus minus at the owner's (energy cancels).
        var charge = new double[graph.SlotCount];
        for (var i = 0; i < graph.ProsumerCount; i++)
        for (var s = graph.SlotStart(i); s < graph.SlotStart(i) + graph.PartnerCount(i); s++)
        {
            var seller = prosumers[i].Bus;
            var buyer = prosumers[graph.Partner(s)].Bus;
            charge[s] = dlmp[buyer].Congestion + dlmp[buyer].Voltage - dlmp[seller].Congestion - dlmp[seller].Voltage;
            var lfDifference = (lossFactor?[buyer] ?? 0.0) - (lossFactor?[seller] ?? 0.0);
            if (lfDifference != 0) charge[s] -= energy * lfDifference;
        }

        // 3. Network prices and the operator's merchandising surplus.
        var networkPrice = new double[prosumers.Count];
        var surplus = 0.0;
        for (var i = 0; i < prosumers.Count; i++)
        {
            var r = weights?[i] ?? prosumers[i].Weight;
            networkPrice[i] = busPrice[prosumers[i].Bus] / r;
            surplus += networkPrice[i] * decisions[i].InjectionKw;
        }
        return new DlmpResult(energy, source, volume, dlmp, busPrice, networkPrice, charge, surplus);
    }

    /// <summary>The energy component (MODEL.md sec. 6): the volume-weighted mean trade price with each pair
    /// counted once; with no trade volume, the retail import price if some prosumer imports strictly inside its
    /// limit, the export price if some prosumer exports strictly inside its limit, and NaN if neither or both.</summary>
    /// <returns>The price ($/kWh, NaN = undefined), its source and the traded volume (kW).</returns>
    public (double Price, EnergyPriceSource Source, double VolumeKw) EnergyPrice(TradeGraph graph, IReadOnlyList<double> trades,
        IReadOnlyList<double> tradePrice, IReadOnlyList<ProsumerParameters> prosumers, IReadOnlyList<LocalDecision> decisions,
        RetailPrices retail)
    {
        double volume = 0, value = 0;
        for (var i = 0; i < graph.ProsumerCount; i++)
        for (var s = graph.SlotStart(i); s < graph.SlotStart(i) + graph.PartnerCount(i); s++)
        {
            if (graph.Partner(s) < i) continue; // each pair once, from its first prosumer's slot
            var r = graph.Reverse(s);
            var quantity = 0.5 * (Math.Abs(trades[s]) + Math.Abs(trades[r]));
            volume += quantity;
            value += quantity * 0.5 * (tradePrice[s] + tradePrice[r]);
        }
        if (volume > VolumeToleranceKw) return (value / volume, EnergyPriceSource.Trades, volume);

        bool importing = false, exporting = false;
        for (var i = 0; i < prosumers.Count; i++)
        {
            var limit = prosumers[i].RetailLimitKw;
            importing |= Inside(decisions[i].ImportKw, limit);
            exporting |= Inside(decisions[i].ExportKw, limit);
        }
        return (importing, exporting) switch
        {
            (true, false) => (retail.ImportPerKwh, EnergyPriceSource.RetailImport, volume),
            (false, true) => (retail.ExportPerKwh, EnergyPriceSource.RetailExport, volume),
            _ => (double.NaN, EnergyPriceSource.Undefined, volume),
        };
    }

    private bool Inside(double quantityKw, double limitKw) =>
        quantityKw > LimitToleranceKw && quantityKw < limitKw - LimitToleranceKw;

    private static void Require(bool ok, string name, string expectation)
    {
        if (!ok) throw new ArgumentException($"expected {expectation}", name);
    }
}
