using P2PMarket.Grid;
using P2PMarket.Prosumers;

namespace P2PMarket.Scenarios;

/// <summary>
/// A validated market scenario: feeder with limits, retail prices, prosumers with their trading graph,
/// and settings (DESIGN.md "Scenario and result files"). Prosumer index i is the position in
/// <see cref="Prosumers"/>; <see cref="ProsumerParameters.Bus"/> is an internal bus index of <see cref="Feeder"/>.
/// </summary>
public sealed record Scenario(
    string Name,
    Feeder Feeder,
    VoltageLimits VoltageLimits,
    RetailPrices Retail,
    IReadOnlyList<ProsumerParameters> Prosumers,
    TradeGraph Trades,
    MarketSettings Settings)
{
    /// <summary>Builds the LinDistFlow model and the network rows of this scenario's feeder and limits.</summary>
    public NetworkConstraints BuildNetworkConstraints() => new(new LinDistFlow(Feeder), VoltageLimits);
}
