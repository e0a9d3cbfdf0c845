using System.Collections.Concurrent;
using P2PMarket.Prosumers;
using P2PMarket.Services.Hosting.Sharding;

namespace P2PMarket.Services.Hosting.ProsumerGateway;

/// <summary>
/// The final decisions and trades of the gateway's prosumers per finished clearing (recorded on the final pass),
/// kept so a settlement can be computed here without the decisions' private ingredients leaving. Holds the most
/// recent <see cref="Capacity"/> clearings. Thread-safe.
/// </summary>
public sealed class SettlementBook
{
    /// <summary>Clearings kept.</summary>
    public const int Capacity = 256;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();

    /// <summary>Records the final pass of a clearing for a shard.</summary>
    /// <param name="clearingId">The clearing.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="prosumerIds">Ids of the shard's prosumers, in order.</param>
    /// <param name="partnerCounts">Trade slots of each of the shard's prosumers.</param>
    /// <param name="decisions">Final decisions of the shard's prosumers.</param>
    /// <param name="tradeKw">Final trades of the shard's slots, kW.</param>
    public void Record(string clearingId, ShardRange shard, string[] prosumerIds, int[] partnerCounts, LocalDecision[] decisions, double[] tradeKw)
    {
        if (entries.TryAdd(clearingId, new Entry(shard, prosumerIds, partnerCounts, decisions, tradeKw))) order.Enqueue(clearingId);
        else entries[clearingId] = new Entry(shard, prosumerIds, partnerCounts, decisions, tradeKw);
        while (entries.Count > Capacity && order.TryDequeue(out var oldest)) entries.TryRemove(oldest, out _);
    }

    /// <summary>Finds a prosumer of a recorded clearing.</summary>
    /// <returns>False if the clearing is unknown; <paramref name="found"/> is null if the prosumer is not in the shard.</returns>
    public bool TryFind(string clearingId, string prosumerId, out Entry? entry, out int? found)
    {
        found = null;
        if (!entries.TryGetValue(clearingId, out entry)) return false;
        var index = Array.IndexOf(entry.ProsumerIds, prosumerId);
        if (index >= 0) found = index;
        return true;
    }

    /// <summary>A recorded final pass.</summary>
    /// <param name="Shard">The shard.</param>
    /// <param name="ProsumerIds">Ids of its prosumers.</param>
    /// <param name="PartnerCounts">Slots of each prosumer.</param>
    /// <param name="Decisions">Final decisions.</param>
    /// <param name="TradeKw">Final trades of the shard's slots, kW.</param>
    public sealed record Entry(ShardRange Shard, string[] ProsumerIds, int[] PartnerCounts, LocalDecision[] Decisions, double[] TradeKw)
    {
        /// <summary>Offset of prosumer <paramref name="local"/>'s first slot within the shard's slots.</summary>
        public int SlotOffset(int local)
        {
            var offset = 0;
            for (var i = 0; i < local; i++) offset += PartnerCounts[i];
            return offset;
        }
    }
}
