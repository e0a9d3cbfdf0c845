using P2PMarket.Clearing.Admm;
using P2PMarket.Scenarios;

namespace P2PMarket.Clearing.Market;

/// <summary>Builds the coordinator's view of a scenario (no costs, no impedances).</summary>
public static class MarketLayoutFactory
{
    /// <summary>The layout of <paramref name="scenario"/>; <paramref name="weights"/> overrides the scenario's NNE weights.</summary>
    public static MarketLayout Create(Scenario scenario, IReadOnlyList<double>? weights = null)
    {
        var w = weights ?? scenario.Prosumers.Select(p => p.Weight).ToArray();
        if (w.Count != scenario.Prosumers.Count)
            throw new ArgumentException($"weights: expected {scenario.Prosumers.Count} values, one per prosumer, got {w.Count}", nameof(weights));
        for (var i = 0; i < w.Count; i++)
            if (!(double.IsFinite(w[i]) && w[i] > 0))
                throw new ArgumentException($"weights[{i}] (prosumer {scenario.Prosumers[i].Id}): expected a positive finite weight, got {w[i]}", nameof(weights));
        return new MarketLayout(scenario.Trades, scenario.Prosumers.Select(p => p.Bus).ToArray(), w.ToArray(), scenario.Feeder.BusCount);
    }
}
