using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Ports;
using P2PMarket.Scenarios;
using P2PMarket.Services.Hosting.Sharding;

namespace P2PMarket.Services.Hosting.ProsumerGateway;

/// <summary>Builds what solves a gateway's shard each iteration. The default builds a <see cref="ProsumerShard"/>
/// for the shard's block only and calls it in process; tests may substitute their own.</summary>
public interface IShardPortFactory
{
    /// <summary>The port that steps the prosumers of <paramref name="shard"/> (global indexing).</summary>
    IProsumerPort Create(Scenario scenario, ShardRange shard);
}

/// <summary>The default: the exact local solver of every prosumer of the block (<see cref="ProsumerShard"/>).</summary>
public sealed class ProsumerShardPortFactory : IShardPortFactory
{
    /// <inheritdoc />
    public IProsumerPort Create(Scenario scenario, ShardRange shard) =>
        new InProcessProsumerPort([new ProsumerShard(scenario.Prosumers, scenario.Trades, scenario.Retail, shard.FirstProsumer, shard.ProsumerCount)]);
}
