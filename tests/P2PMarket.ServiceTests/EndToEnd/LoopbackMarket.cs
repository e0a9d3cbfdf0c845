using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Market;
using P2PMarket.Services.Hosting.Adapters;
using P2PMarket.Services.Hosting.Local;

namespace P2PMarket.ServiceTests.EndToEnd;

/// <summary>Helpers to run the unchanged ADMM loop over the gRPC ports of a <see cref="LocalMarketHost"/>.</summary>
public static class LoopbackMarket
{
    /// <summary>Starts the three services on loopback with the test scenarios.</summary>
    public static Task<LocalMarketHost> StartAsync(int gateways, TimeSpan? iterationTimeout = null, int reconnectAttempts = 3) =>
        LocalMarketHost.StartAsync(new LocalMarketHostOptions
        {
            GatewayCount = gateways,
            IterationTimeout = iterationTimeout ?? TimeSpan.FromSeconds(10),
            ReconnectAttempts = reconnectAttempts,
            ConfigureServices = (_, services) => TestScenarios.Register(services),
        });

    /// <summary>The gRPC ports of one clearing against <paramref name="host"/>.</summary>
    public static (GrpcProsumerPort Prosumers, GrpcNetworkOperatorPort Network) Ports(LocalMarketHost host, string scenarioId, MarketLayout layout,
        string clearingId, ClearingStreamOptions? options = null, IIterationTracing? tracing = null) =>
        host.CreatePorts(scenarioId, layout, clearingId, options ?? ClearingStreamOptions.Default, tracing);

    /// <summary>A progress sink that runs synchronously inside the loop (so a test can act at an exact iteration).</summary>
    public sealed class At(int iteration, Action action) : IProgress<AdmmIteration>
    {
        /// <inheritdoc />
        public void Report(AdmmIteration value)
        {
            if (value.Iteration == iteration) action();
        }
    }

    /// <summary>Clears in process with the same options and shard split.</summary>
    public static Task<AdmmOutcome> InProcessAsync(Scenarios.Scenario scenario, AdmmOptions options, int shards, IReadOnlyList<double>? weights = null) =>
        InProcessMarket.ClearAsync(scenario, options, weights, shards);
}
