namespace P2PMarket.Clearing.Ports;

/// <summary>
/// "The prosumers" as the ADMM loop sees them (DESIGN.md): one batched local step per iteration. Adapters:
/// in-process (<see cref="InProcessProsumerPort"/>) and gRPC (one bidirectional stream per gateway).
/// </summary>
public interface IProsumerPort : IAsyncDisposable
{
    /// <summary>Solves every prosumer's local problem for <paramref name="request"/> and writes the result.</summary>
    ValueTask StepAsync(ProsumerStepRequest request, ProsumerStepResult result, CancellationToken cancellationToken);
}
