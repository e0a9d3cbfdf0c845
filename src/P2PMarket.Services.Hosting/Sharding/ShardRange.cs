using P2PMarket.Clearing.Market;
using P2PMarket.Prosumers;

namespace P2PMarket.Services.Hosting.Sharding;

/// <summary>
/// One gateway's block of the market: prosumers <c>[FirstProsumer, FirstProsumer + ProsumerCount)</c> and the
/// trade slots they own, <c>[FirstSlot, FirstSlot + SlotCount)</c> (contiguous in <see cref="TradeGraph"/>).
/// </summary>
/// <param name="Index">Shard index, 0-based.</param>
/// <param name="Count">Number of shards.</param>
/// <param name="FirstProsumer">First global prosumer index.</param>
/// <param name="ProsumerCount">Prosumers in the shard.</param>
/// <param name="FirstSlot">First global trade slot.</param>
/// <param name="SlotCount">Trade slots in the shard.</param>
public sealed record ShardRange(int Index, int Count, int FirstProsumer, int ProsumerCount, int FirstSlot, int SlotCount)
{
    /// <summary>
    /// Block <paramref name="shardIndex"/> of the split of <paramref name="graph"/>'s prosumers into
    /// <paramref name="shardCount"/> contiguous blocks (<see cref="ShardPlan"/>, the same split the in-process market
    /// uses). Every service computes the same split from the same scenario.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index or count is out of range.</exception>
    public static ShardRange Of(TradeGraph graph, int shardIndex, int shardCount)
    {
        var prosumers = graph.ProsumerCount;
        if (shardCount < 1 || shardCount > Math.Max(1, prosumers))
            throw new ArgumentOutOfRangeException(nameof(shardCount), shardCount,
                $"shard_count: expected 1 to {Math.Max(1, prosumers)} shards for {prosumers} prosumers, got {shardCount}");
        if (shardIndex < 0 || shardIndex >= shardCount)
            throw new ArgumentOutOfRangeException(nameof(shardIndex), shardIndex,
                $"shard_index: expected 0 to {shardCount - 1}, got {shardIndex}");
        var (first, count) = ShardPlan.Split(prosumers, shardCount)[shardIndex];
        var firstSlot = first == prosumers ? graph.SlotCount : graph.SlotStart(first);
        var endSlot = first + count == prosumers ? graph.SlotCount : graph.SlotStart(first + count);
        return new ShardRange(shardIndex, shardCount, first, count, firstSlot, endSlot - firstSlot);
    }

    /// <summary>All blocks of the split, in order.</summary>
    public static IReadOnlyList<ShardRange> All(TradeGraph graph, int shardCount) =>
        Enumerable.Range(0, shardCount).Select(i => Of(graph, i, shardCount)).ToArray();

    /// <summary>True if global prosumer <paramref name="prosumer"/> is in this shard.</summary>
    public bool Contains(int prosumer) => prosumer >= FirstProsumer && prosumer < FirstProsumer + ProsumerCount;

    /// <inheritdoc />
    public override string ToString() =>
        $"shard {Index} of {Count} (prosumers [{FirstProsumer}, {FirstProsumer + ProsumerCount}), slots [{FirstSlot}, {FirstSlot + SlotCount}))";
}
