using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Modes;
using P2PMarket.Scenarios;

namespace P2PMarket.Clearing.Market;

/// <summary>Runs the ADMM clearing of a scenario with both ports in this process (tests, benchmarks, CLI).</summary>
public static class InProcessMarket
{
    /// <summary>Clears <paramref name="scenario"/> with the network priced (VE with unit weights, NNE otherwise)
    /// or ignored (<see cref="AdmmOptions.UseNetwork"/> = false).</summary>
    /// <param name="scenario">The market.</param>
    /// <param name="options">ADMM settings.</param>
    /// <param name="weights">NNE weights per prosumer; null = the scenario's.</param>
    /// <param name="shardCount">Number of prosumer shards (as gateways would host them).</param>
    /// <param name="progress">Per-iteration residuals.</param>
    /// <param name="cancellationToken">Cancels the clearing.</param>
    public static async Task<AdmmOutcome> ClearAsync(Scenario scenario, AdmmOptions options, IReadOnlyList<double>? weights = null,
        int shardCount = 1, IProgress<AdmmIteration>? progress = null, CancellationToken cancellationToken = default)
    {
        var layout = MarketLayoutFactory.Create(scenario, weights);
        await using var ports = await new InProcessMarketPorts(shardCount)
            .OpenAsync(scenario, scenario.BuildNetworkConstraints(), $"inproc-{scenario.Name}", cancellationToken);
        return await new AdmmClearing(options).RunAsync(layout, ports.Prosumers, options.UseNetwork ? ports.Network : null,
            $"inproc-{scenario.Name}", progress, cancellationToken);
    }
}
