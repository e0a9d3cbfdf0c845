using P2PMarket.Grid;
using P2PMarket.Scenarios;

namespace P2PMarket.Clearing.Modes;

/// <summary>
/// Where the two ports of a clearing come from (DESIGN.md roles): the same <see cref="MarketModeRunner"/> clears
/// in-process (<see cref="InProcessMarketPorts"/>) or across services (a gRPC implementation that opens one
/// stream per gateway and one to the operator). One pair per clearing: a mode that re-clears opens a new pair.
/// </summary>
public interface IMarketPorts
{
    /// <summary>Opens the prosumers' and the operator's port for one clearing of <paramref name="scenario"/>.</summary>
    /// <param name="scenario">The market (the prosumer side hosts its prosumers, the operator its feeder).</param>
    /// <param name="network">The rows <c>A P &lt;= b</c> the operator prices (the scenario's, or a loss-aware re-linearization).</param>
    /// <param name="clearingId">Identifier of the clearing, carried by every message.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    ValueTask<MarketPortPair> OpenAsync(Scenario scenario, NetworkConstraints network, string clearingId, CancellationToken cancellationToken);
}
