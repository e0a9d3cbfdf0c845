using P2PMarket.Clearing.Checking;
using P2PMarket.Clearing.Results;
using P2PMarket.Prosumers;
using P2PMarket.Scenarios;

namespace P2PMarket.Cli.Running;

/// <summary>Reads a result file back into the checker's input: decisions, trades and prices per slot of the
/// scenario's trading graph, multipliers per network row, weights.</summary>
public static class ResultCandidate
{
    /// <summary>The candidate equilibrium stated by <paramref name="result"/> for <paramref name="scenario"/>.</summary>
    /// <exception cref="UsageException">The result does not match the scenario (a trade with a non-partner, other rows).</exception>
    public static EquilibriumCandidate From(Scenario scenario, MarketResult result)
    {
        var graph = scenario.Trades;
        var index = scenario.Prosumers.Select((p, i) => (p.Id, i)).ToDictionary(t => t.Id, t => t.i);
        var trades = new double[graph.SlotCount];
        var prices = new double[graph.SlotCount];
        var decisions = new LocalDecision[scenario.Prosumers.Count];
        for (var i = 0; i < decisions.Length; i++)
        {
            var p = result.Prosumers[i];
            decisions[i] = new LocalDecision(p.GenerationKw, p.PvUsedKw, p.FlexibleDemandKw, p.ImportKw, p.ExportKw, p.InjectionKw, 0, p.CostUsd);
            foreach (var trade in p.Trades)
            {
                var slot = index.TryGetValue(trade.PartnerId, out var j) ? graph.SlotOf(i, j) : -1;
                if (slot < 0) throw new UsageException("result", $"trades only between scenario partners; {p.Id} trades with {trade.PartnerId}");
                trades[slot] = trade.QuantityKw;
                prices[slot] = trade.PriceUsdPerKwh;
            }
        }
        var rows = scenario.BuildNetworkConstraints();
        if (!result.NetworkRows.Select(r => r.Label).SequenceEqual(rows.Labels))
            throw new UsageException("result", "the network rows of the scenario (labels and order of MODEL.md sec. 3)");
        return new EquilibriumCandidate(decisions, trades, prices, result.NetworkRows.Select(r => r.Multiplier).ToArray(),
            result.Prosumers.Select(p => p.Weight).ToArray())
        {
            NetworkPrice = result.Prosumers.Select(p => p.NetworkPriceUsdPerKwh).ToArray(),
        };
    }
}
