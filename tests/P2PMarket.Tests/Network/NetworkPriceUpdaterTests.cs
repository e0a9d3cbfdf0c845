using P2PMarket.Clearing.Envelopes;
using P2PMarket.Clearing.Network;
using P2PMarket.Clearing.Ports;
using P2PMarket.Grid;
using P2PMarket.Scenarios;
using Xunit.Abstractions;

namespace P2PMarket.Tests.Network;

/// <summary>The operator's step on tree sweeps against the same step on dense products, the zero step, and the
/// headroom on request against the dynamic OE of MODEL.md sec. 4.</summary>
public class NetworkPriceUpdaterTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(11, 60, 0.8)]
    [InlineData(12, 200, 0.4)]
    [InlineData(13, 200, 0.97)]
    public void StepsOnTreeSweepsFollowTheDenseSteps(int seed, int busCount, double chainBias)
    {
        var random = new Random(seed);
        AssertSameSteps(RandomFeeders.Rows(RandomFeeders.Create(random, busCount, chainBias)), random);
    }

    [Fact]
    public void StepsOnTreeSweepsFollowTheDenseStepsOnIeee69() =>
        AssertSameSteps(ShippedScenarios.Ieee69().BuildNetworkConstraints(), new Random(69));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AZeroDualStepLeavesTheMultipliersAlone(bool dense)
    {
        var constraints = ShippedScenarios.Ieee69().BuildNetworkConstraints();
        var updater = Updater(constraints, dense);
        var random = new Random(5);
        var result = new NetworkStepResult(constraints.BusCount, constraints.RowCount);
        for (var k = 0; k < 6; k++) updater.Step(RandomFeeders.Injection(random, constraints.BusCount, 800), 0.5, result);
        Assert.Contains(result.Multiplier, mu => mu > 0);
        var multiplier = result.Multiplier.ToArray();
        var price = result.BusPrice.ToArray();

        updater.Step(RandomFeeders.Injection(random, constraints.BusCount, 800), 0, result, includeHeadroom: true);
        Assert.Equal(multiplier, result.Multiplier);
        Assert.Equal(price, result.BusPrice);
        Assert.Equal(0, result.MultiplierChangeNorm);
        updater.Step(RandomFeeders.Injection(random, constraints.BusCount, 800), 0, result);
        Assert.Equal(multiplier, result.Multiplier);
        Assert.Equal(price, result.BusPrice);
    }

    [Fact]
    public void HeadroomIsNaNUnlessRequested()
    {
        var constraints = ShippedScenarios.Ieee69().BuildNetworkConstraints();
        var updater = new NetworkPriceUpdater(constraints);
        var result = new NetworkStepResult(constraints.BusCount, constraints.RowCount);
        var injection = RandomFeeders.Injection(new Random(3), constraints.BusCount);
        updater.Step(injection, 0.1, result);
        Assert.All(result.HeadroomUpKw, h => Assert.True(double.IsNaN(h)));
        Assert.All(result.HeadroomDownKw, h => Assert.True(double.IsNaN(h)));
        updater.Step(injection, 0.1, result, includeHeadroom: true);
        Assert.DoesNotContain(result.HeadroomUpKw, double.IsNaN);
        Assert.DoesNotContain(result.HeadroomDownKw, double.IsNaN);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HeadroomIsTheDynamicEnvelopeAtTheInjections(bool dense)
    {
        // One prosumer per bus injecting the bus total: OE_i = p_i + headroom of its bus (MODEL.md sec. 4), violated rows too.
        var constraints = RandomFeeders.Rows(RandomFeeders.Create(new Random(21), 120, 0.8, limitedFraction: 0.6));
        var updater = Updater(constraints, dense);
        var result = new NetworkStepResult(constraints.BusCount, constraints.RowCount);
        var injection = RandomFeeders.Injection(new Random(22), constraints.BusCount, 1500);
        Assert.Contains(constraints.Residual(injection), r => r > 0);
        updater.Step(injection, 0, result, includeHeadroom: true);
        var buses = Enumerable.Range(0, constraints.BusCount).ToArray();
        var envelopes = DynamicEnvelopeCalculator.Compute(constraints, buses, injection);
        foreach (var n in buses)
        {
            AssertClose(envelopes[n].MaxKw, injection[n] + result.HeadroomUpKw[n], $"bus {n} up");
            AssertClose(envelopes[n].MinKw, injection[n] + result.HeadroomDownKw[n], $"bus {n} down");
        }
    }

    private static NetworkPriceUpdater Updater(NetworkConstraints constraints, bool dense) =>
        dense ? new NetworkPriceUpdater(new DenseNormalizedRows(constraints)) : new NetworkPriceUpdater(constraints);

    private static void AssertClose(double expected, double actual, string what)
    {
        if (double.IsInfinity(expected)) Assert.Equal(expected, actual);
        else Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");
    }

    /// <summary>Ten steps at random injections and dual steps, with extrapolation and the Gram-preconditioned step:
    /// multipliers, prices, headroom and norms of both paths agree. The dual step solves a box-constrained QP in the Gram
    /// metric (regularized by 1e-6), so rounding-level differences in the Gram entries may move <c>mu</c> by up to about
    /// the condition number times 1e-16: asserted to 1e-9 of the largest multiplier.</summary>
    private void AssertSameSteps(NetworkConstraints constraints, Random random)
    {
        var tree = new NetworkPriceUpdater(constraints);
        var dense = new NetworkPriceUpdater(new DenseNormalizedRows(constraints));
        Assert.IsType<TreeSweepNormalizedRows>(tree.Rows);
        Assert.Equal(dense.Description.NormalizedNormSquared, tree.Description.NormalizedNormSquared, 1e-12);
        var fast = new NetworkStepResult(constraints.BusCount, constraints.RowCount);
        var slow = new NetworkStepResult(constraints.BusCount, constraints.RowCount);
        double worstMu = 0, worstEta = 0;
        for (var k = 0; k < 10; k++)
        {
            var injection = RandomFeeders.Injection(random, constraints.BusCount, 1500);
            var sigma = Math.Exp(4 * random.NextDouble() - 2);
            tree.Step(injection, sigma, fast, includeHeadroom: k % 3 == 0);
            dense.Step(injection, sigma, slow, includeHeadroom: k % 3 == 0);
            var muScale = Math.Max(slow.Multiplier.Max(), 1e-300);
            var etaScale = Math.Max(slow.BusPrice.Max(Math.Abs), 1e-300);
            for (var r = 0; r < constraints.RowCount; r++) worstMu = Math.Max(worstMu, Math.Abs(fast.Multiplier[r] - slow.Multiplier[r]) / muScale);
            for (var n = 0; n < constraints.BusCount; n++) worstEta = Math.Max(worstEta, Math.Abs(fast.BusPrice[n] - slow.BusPrice[n]) / etaScale);
            Assert.True(worstMu <= 1e-9, $"step {k}: multipliers differ by {worstMu:E2} of the largest");
            Assert.True(worstEta <= 1e-9, $"step {k}: prices differ by {worstEta:E2} of the largest");
            Assert.Equal(slow.ViolationNorm, fast.ViolationNorm, 1e-9 * Math.Max(1, slow.ViolationNorm));
            Assert.Equal(slow.RowActivityNorm, fast.RowActivityNorm, 1e-9 * slow.RowActivityNorm);
            Assert.Equal(slow.MultiplierNorm, fast.MultiplierNorm, 1e-9 * Math.Max(1, slow.MultiplierNorm));
            for (var n = 0; n < constraints.BusCount; n++)
            {
                if (k % 3 != 0)
                {
                    Assert.True(double.IsNaN(fast.HeadroomUpKw[n]) && double.IsNaN(slow.HeadroomUpKw[n]));
                    continue;
                }
                AssertClose(slow.HeadroomUpKw[n], fast.HeadroomUpKw[n], $"step {k}, bus {n} up");
                AssertClose(slow.HeadroomDownKw[n], fast.HeadroomDownKw[n], $"step {k}, bus {n} down");
            }
        }
        output.WriteLine($"{constraints.BusCount} buses: after 10 steps multipliers agree to {worstMu:E1}, prices to {worstEta:E1} of the largest");
    }
}
