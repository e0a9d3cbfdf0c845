using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Modes;
using P2PMarket.Clearing.Results;
using P2PMarket.Scenarios;

namespace P2PMarket.Cli.Running;

/// <summary>Clears in this process with direct calls (no services): for quick studies and as a baseline.</summary>
public sealed class InProcessMarketClient(int shardCount) : IMarketClient
{
    /// <inheritdoc />
    public string Target => $"in-process ({shardCount} shard{(shardCount == 1 ? "" : "s")})";

    /// <inheritdoc />
    public async Task<MarketResult> ClearAsync(Scenario scenario, string scenarioId, MarketMode mode, ModeRunOptions options,
        IProgress<AdmmIteration>? progress, CancellationToken cancellationToken)
    {
        var run = await new MarketModeRunner().RunAsync(scenario, mode, options, new InProcessMarketPorts(shardCount), progress, cancellationToken);
        return run.Result;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
