namespace P2PMarket.Clearing.Market;

/// <summary>How prosumers are split over gateways: contiguous blocks of near-equal size, so each gateway's
/// trade slots are one contiguous range too.</summary>
public static class ShardPlan
{
    /// <summary>The block of every shard: <c>(First, Count)</c>, shard 0 first.</summary>
    public static IReadOnlyList<(int First, int Count)> Split(int prosumerCount, int shardCount)
    {
        if (shardCount < 1) throw new ArgumentOutOfRangeException(nameof(shardCount), $"expected at least 1 shard, got {shardCount}");
        var blocks = new (int, int)[shardCount];
        for (var s = 0; s < shardCount; s++)
        {
            var first = (int)((long)prosumerCount * s / shardCount);
            var end = (int)((long)prosumerCount * (s + 1) / shardCount);
            blocks[s] = (first, end - first);
        }
        return blocks;
    }
}
