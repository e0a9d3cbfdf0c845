using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Reference;
using P2PMarket.Scenarios;

namespace P2PMarket.Tests.Admm;

/// <summary>
/// The distributed clearing at the variational equilibrium must equal the centralized reference of the same
/// market (MODEL.md sec. 8): trades within 1e-4 kW, trade prices and bus network prices within 1e-5 $/kWh,
/// welfare within 1e-7 relative.
/// </summary>
public class VariationalEquilibriumTests
{
    [Theory]
    [InlineData("toy4")]
    [InlineData("ieee69")]
    public async Task AdmmVariationalEquilibriumEqualsTheCentralizedReference(string name)
    {
        var scenario = ShippedScenarios.Load(name);
        var reference = new CentralizedReference().Solve(scenario);
        Assert.True(reference.Converged, $"reference: {reference.ExitReason}");

        var options = new AdmmOptions(RelativeTolerance: 1e-10, AbsoluteTolerance: 1e-12, MaxIterations: 20000);
        var unitWeights = scenario.Prosumers.Select(_ => 1.0).ToArray();
        var outcome = await InProcessMarket.ClearAsync(scenario, options, unitWeights);
        Assert.Equal(AdmmExit.Converged, outcome.Exit);

        for (var s = 0; s < outcome.Trades.Length; s++)
            Assert.True(Math.Abs(outcome.Trades[s] - reference.TradesKw[s]) <= 1e-4,
                $"slot {s}: ADMM {outcome.Trades[s]} kW, reference {reference.TradesKw[s]} kW");
        for (var s = 0; s < outcome.Trades.Length; s++)
        {
            // A pair that trades nothing has a set of valid prices (MODEL.md sec. 5); compare where it trades.
            if (Math.Abs(reference.TradesKw[s]) < 1e-3) continue;
            Assert.True(Math.Abs(outcome.TradePrice[s] - reference.TradePrice[s]) <= 1e-5,
                $"slot {s}: ADMM price {outcome.TradePrice[s]}, reference {reference.TradePrice[s]} $/kWh");
        }
        for (var n = 0; n < outcome.BusPrice.Length; n++)
            Assert.True(Math.Abs(outcome.BusPrice[n] - reference.BusNetworkPrice[n]) <= 1e-5,
                $"bus {n}: ADMM eta {outcome.BusPrice[n]}, reference {reference.BusNetworkPrice[n]} $/kWh");
        var welfare = -outcome.Decisions.Sum(d => d.Cost);
        Assert.True(Math.Abs(welfare - reference.Welfare) <= 1e-7 * Math.Abs(reference.Welfare),
            $"welfare: ADMM {welfare} $, reference {reference.Welfare} $");
    }

    [Fact]
    public async Task OverlappingTheOperatorStepKeepsTheFixedPoint()
    {
        // The operator's step on iteration k's injections runs during iteration k+1's local solves (prices one
        // iteration staler). It reaches the same equilibrium; measured to 1e-8 (it stalls before 1e-10).
        var scenario = ShippedScenarios.Ieee69();
        var reference = new CentralizedReference().Solve(scenario);
        var options = new AdmmOptions(RelativeTolerance: 1e-8, AbsoluteTolerance: 1e-10, MaxIterations: 20000, OverlapNetworkStep: true);
        var outcome = await InProcessMarket.ClearAsync(scenario, options, scenario.Prosumers.Select(_ => 1.0).ToArray());
        Assert.Equal(AdmmExit.Converged, outcome.Exit);
        for (var n = 0; n < outcome.BusPrice.Length; n++)
            Assert.True(Math.Abs(outcome.BusPrice[n] - reference.BusNetworkPrice[n]) <= 1e-6, $"bus {n}: eta {outcome.BusPrice[n]} vs {reference.BusNetworkPrice[n]}");
        for (var s = 0; s < outcome.Trades.Length; s++)
            if (Math.Abs(reference.TradesKw[s]) >= 1e-3)
                Assert.True(Math.Abs(outcome.TradePrice[s] - reference.TradePrice[s]) <= 1e-6, $"slot {s}: price {outcome.TradePrice[s]} vs {reference.TradePrice[s]}");
        var welfare = -outcome.Decisions.Sum(d => d.Cost);
        Assert.True(Math.Abs(welfare - reference.Welfare) <= 1e-6 * Math.Abs(reference.Welfare), $"welfare {welfare} vs {reference.Welfare}");
    }

    [Fact]
    public async Task IterationCountIsInsensitiveToTheInitialPenalty()
    {
        // MODEL.md sec. 7 step 6: residual balancing on relative residuals; initial rho over 1e-3..1e0 times the default.
        var scenario = ShippedScenarios.Ieee69();
        var counts = new List<int>();
        foreach (var factor in new[] { 1e-3, 1e-2, 1e-1, 1.0 })
        {
            var options = new AdmmOptions { InitialRho = new AdmmOptions().InitialRho * factor };
            var outcome = await InProcessMarket.ClearAsync(scenario, options);
            Assert.Equal(AdmmExit.Converged, outcome.Exit);
            counts.Add(outcome.Iterations);
        }
        Assert.True(counts.Max() <= 2.0 * counts.Min(), $"iterations over initial rho: {string.Join(", ", counts)}");
    }
}
