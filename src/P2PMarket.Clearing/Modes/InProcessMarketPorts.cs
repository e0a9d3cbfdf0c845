using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Network;
using P2PMarket.Clearing.Ports;
using P2PMarket.Grid;
using P2PMarket.Scenarios;

namespace P2PMarket.Clearing.Modes;

/// <summary>Both ports in this process: prosumers in <paramref name="shardCount"/> shards (as gateways would host
/// them) and a <see cref="NetworkPriceUpdater"/> on the given rows.</summary>
/// <param name="shardCount">Number of prosumer shards (&gt;= 1).</param>
public sealed class InProcessMarketPorts(int shardCount = 1) : IMarketPorts
{
    /// <summary>Number of prosumer shards.</summary>
    public int ShardCount { get; } = shardCount >= 1
        ? shardCount
        : throw new ArgumentOutOfRangeException(nameof(shardCount), $"expected at least 1 shard, got {shardCount}");

    /// <inheritdoc />
    public ValueTask<MarketPortPair> OpenAsync(Scenario scenario, NetworkConstraints network, string clearingId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var shards = ShardPlan.Split(scenario.Prosumers.Count, ShardCount)
            .Select(r => new ProsumerShard(scenario.Prosumers, scenario.Trades, scenario.Retail, r.First, r.Count)).ToArray();
        return ValueTask.FromResult(new MarketPortPair(new InProcessProsumerPort(shards),
            new InProcessNetworkOperatorPort(new NetworkPriceUpdater(network))));
    }
}
