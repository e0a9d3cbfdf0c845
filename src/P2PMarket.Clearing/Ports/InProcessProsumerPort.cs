using P2PMarket.Clearing.Market;

namespace P2PMarket.Clearing.Ports;

/// <summary>The prosumers called directly in this process, shard after shard (the in-process adapter).</summary>
public sealed class InProcessProsumerPort(IReadOnlyList<ProsumerShard> shards) : IProsumerPort
{
    /// <inheritdoc />
    public ValueTask StepAsync(ProsumerStepRequest request, ProsumerStepResult result, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var shard in shards) shard.Step(request, result);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
