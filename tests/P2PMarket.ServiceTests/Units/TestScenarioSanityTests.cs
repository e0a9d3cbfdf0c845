using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Market;

namespace P2PMarket.ServiceTests.Units;

/// <summary>The in-code test markets clear in process (so the service tests exercise real, converging clearings).</summary>
public sealed class TestScenarioSanityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(6, 5, 2)]
    [InlineData(10, 12, 7)]
    public async Task Test_market_converges_with_the_network_binding(int buses, int prosumers, int seed)
    {
        var scenario = TestScenarios.Radial(buses, prosumers, seed);
        var outcome = await InProcessMarket.ClearAsync(scenario, new AdmmOptions());
        output.WriteLine($"{scenario.Name}: {outcome.Exit} after {outcome.Iterations} iterations, {outcome.WallSeconds:0.000} s; "
            + $"max mu {outcome.Multiplier.Max():0.####}; trades {string.Join(' ', outcome.Trades.Take(8).Select(t => t.ToString("0.#")))}");
        Assert.Equal(AdmmExit.Converged, outcome.Exit);
        Assert.Contains(outcome.Multiplier, mu => mu > 0);
    }
}
