using System.Collections.Concurrent;
using P2PMarket.Prosumers;
using P2PMarket.Scenarios;
using P2PMarket.Services.Hosting.Sharding;

namespace P2PMarket.Services.Hosting.ProsumerGateway;

/// <summary>
/// The final decisions and trades of the gateway's prosumers per finished clearing (recorded on the final pass),
/// kept so each prosumer is settled here, where its private parameters are, and only money totals leave. Holds the
/// most recent <see cref="Capacity"/> clearings. Thread-safe.
/// </summary>
public sealed class SettlementBook
{
    /// <summary>Clearings kept.</summary>
    public const int Capacity = 256;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();

    /// <summary>Records the final pass of a clearing for a shard.</summary>
    /// <param name="clearingId">The clearing.</param>
    /// <param name="scenario">Its scenario.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="decisions">Final decisions of the shard's prosumers.</param>
    /// <param name="tradeKw">Final trades of the shard's slots, kW.</param>
    public void Record(string clearingId, Scenario scenario, ShardRange shard, LocalDecision[] decisions, double[] tradeKw)
    {
        var entry = new Entry(scenario, shard, decisions, tradeKw);
        if (entries.TryAdd(clearingId, entry)) order.Enqueue(clearingId);
        else entries[clearingId] = entry;
        while (entries.Count > Capacity && order.TryDequeue(out var oldest)) entries.TryRemove(oldest, out _);
    }

    /// <summary>The recorded final pass of a clearing, or null.</summary>
    public Entry? Find(string clearingId) => entries.GetValueOrDefault(clearingId);

    /// <summary>A recorded final pass.</summary>
    /// <param name="Scenario">The scenario.</param>
    /// <param name="Shard">The shard.</param>
    /// <param name="Decisions">Final decisions of the shard's prosumers.</param>
    /// <param name="TradeKw">Final trades of the shard's slots, kW.</param>
    public sealed record Entry(Scenario Scenario, ShardRange Shard, LocalDecision[] Decisions, double[] TradeKw)
    {
        /// <summary>Global index of the shard's prosumer <paramref name="prosumerId"/>, or null if not hosted here.</summary>
        public int? IndexOf(string prosumerId)
        {
            for (var i = Shard.FirstProsumer; i < Shard.FirstProsumer + Shard.ProsumerCount; i++)
                if (Scenario.Prosumers[i].Id == prosumerId) return i;
            return null;
        }

        /// <summary>Settles global prosumer <paramref name="prosumer"/> (hosted here) at the final prices.</summary>
        public ProsumerSettlement Settle(int prosumer, ReadOnlySpan<double> tradePrice, double networkPrice)
        {
            var graph = Scenario.Trades;
            var trades = TradeKw.AsSpan(graph.SlotStart(prosumer) - Shard.FirstSlot, graph.PartnerCount(prosumer));
            return ProsumerSettlement.Of(Scenario, prosumer, Decisions[prosumer - Shard.FirstProsumer], trades, tradePrice, networkPrice);
        }
    }
}
