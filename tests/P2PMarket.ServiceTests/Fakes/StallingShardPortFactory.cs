using P2PMarket.Clearing.Ports;
using P2PMarket.Scenarios;
using P2PMarket.Services.Hosting.ProsumerGateway;
using P2PMarket.Services.Hosting.Sharding;

namespace P2PMarket.ServiceTests.Fakes;

/// <summary>A gateway solver that never answers (until the call is cancelled): a hung gateway.</summary>
public sealed class StallingShardPortFactory : IShardPortFactory
{
    /// <inheritdoc />
    public IProsumerPort Create(Scenario scenario, ShardRange shard) => new Stalling();

    private sealed class Stalling : IProsumerPort
    {
        public async ValueTask StepAsync(ProsumerStepRequest request, ProsumerStepResult result, CancellationToken cancellationToken) =>
            await Task.Delay(Timeout.Infinite, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
