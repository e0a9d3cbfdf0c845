using P2PMarket.Prosumers;

namespace P2PMarket.Clearing.Admm;

/// <summary>What the coordinator knows of the market: the trading graph, where each prosumer connects and its
/// NNE weight. No costs, no impedances (DESIGN.md roles).</summary>
/// <param name="Trades">Trading graph (slots, pairs).</param>
/// <param name="ProsumerBus">Per prosumer: internal bus index.</param>
/// <param name="Weight">Per prosumer: NNE weight <c>r_i &gt; 0</c>.</param>
/// <param name="BusCount">Buses of the feeder including the substation.</param>
public sealed record MarketLayout(TradeGraph Trades, IReadOnlyList<int> ProsumerBus, IReadOnlyList<double> Weight, int BusCount);
