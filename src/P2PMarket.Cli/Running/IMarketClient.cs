using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Modes;
using P2PMarket.Clearing.Results;
using P2PMarket.Scenarios;

namespace P2PMarket.Cli.Running;

/// <summary>Where the CLI clears its markets: the services (embedded on loopback, or remote) or this process.</summary>
public interface IMarketClient : IAsyncDisposable
{
    /// <summary>Human-readable description of the target, for the console.</summary>
    string Target { get; }

    /// <summary>Clears <paramref name="scenario"/> in <paramref name="mode"/> and returns its result file.</summary>
    Task<MarketResult> ClearAsync(Scenario scenario, string scenarioId, MarketMode mode, ModeRunOptions options,
        IProgress<AdmmIteration>? progress, CancellationToken cancellationToken);
}
