using P2PMarket.Clearing.Network;
using P2PMarket.Grid;
using P2PMarket.Scenarios;
using P2PMarket.Tests.Grid;
using Xunit.Abstractions;

namespace P2PMarket.Tests.Network;

/// <summary>The tree sweeps on the LinDistFlow rows against the dense products, to 1e-12 relative: each product
/// entry within 1e-12 of the sum of the magnitudes of its terms (the scale of its rounding), Gram entries within 1e-12
/// (the rows have unit norm), headroom within 1e-12 of its value.</summary>
public class TreeSweepNormalizedRowsTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-12;

    public static TheoryData<int, int, double> Feeders => new()
    {
        { 1, 2, 0.0 }, { 2, 3, 1.0 }, { 3, 12, 0.0 }, { 4, 12, 1.0 }, { 5, 40, 0.5 },
        { 6, 80, 0.9 }, { 7, 80, 0.2 }, { 8, 150, 0.7 }, { 9, 300, 0.95 }, { 10, 300, 0.3 },
    };

    [Theory]
    [MemberData(nameof(Feeders))]
    public void TreeSweepsAgreeWithDenseProductsOnRandomFeeders(int seed, int busCount, double chainBias)
    {
        var random = new Random(seed);
        var feeder = RandomFeeders.Create(random, busCount, chainBias);
        AssertAgreement(RandomFeeders.Rows(feeder), random);
    }

    [Fact]
    public void TreeSweepsAgreeWithDenseProductsOnIeee69()
    {
        AssertAgreement(ShippedScenarios.Ieee69().BuildNetworkConstraints(), new Random(69));
        // The published feeder with a limit on every branch: every flow row too.
        var feeder = Ieee69Fixture.Load();
        var limited = feeder.WithBranchLimits(feeder.Branches.Select((_, l) => (double?)(300 + 10 * l)).ToArray(), "test");
        AssertAgreement(RandomFeeders.Rows(limited), new Random(70));
    }

    [Fact]
    public void TheLinDistFlowRowsGetTreeSweepsAndCustomRowsDenseProducts()
    {
        var constraints = ShippedScenarios.Ieee69().BuildNetworkConstraints();
        Assert.True(constraints.IsLinDistFlow);
        Assert.IsType<TreeSweepNormalizedRows>(NormalizedNetworkRows.For(constraints));
        var custom = constraints.WithRows(constraints.Matrix, constraints.Bound);
        Assert.False(custom.IsLinDistFlow);
        Assert.IsType<DenseNormalizedRows>(NormalizedNetworkRows.For(custom));
        Assert.Throws<ArgumentException>(() => new TreeSweepNormalizedRows(custom));
    }

    private void AssertAgreement(NetworkConstraints constraints, Random random)
    {
        var tree = new TreeSweepNormalizedRows(constraints);
        var dense = new DenseNormalizedRows(constraints);
        int rows = constraints.RowCount, buses = constraints.BusCount;
        var magnitude = new double[rows * buses]; // |D A|
        for (var k = 0; k < rows; k++)
            for (var n = 0; n < buses; n++)
                magnitude[k * buses + n] = Math.Abs(constraints.Matrix[k, n]) / constraints.RowNorm[k];
        double worstProduct = 0, worstTransposed = 0, worstGram = 0, worstHeadroom = 0;

        for (var trial = 0; trial < 5; trial++)
        {
            // D A x: activities of the rows.
            var x = RandomFeeders.Injection(random, buses, trial == 0 ? 5 : 2000);
            double[] fast = new double[rows], slow = new double[rows];
            tree.Multiply(x, fast);
            dense.Multiply(x, slow);
            for (var k = 0; k < rows; k++)
            {
                var scale = 0.0;
                for (var n = 0; n < buses; n++) scale += magnitude[k * buses + n] * Math.Abs(x[n]);
                var error = Math.Abs(fast[k] - slow[k]) / Math.Max(scale, 1e-300);
                worstProduct = Math.Max(worstProduct, error);
                Assert.True(error <= Tolerance, $"row {constraints.Labels[k]}: sweep {fast[k]}, dense {slow[k]}");
            }

            // (D A)' y: eta for multipliers on some rows (zero on the others, as in a clearing).
            var y = new double[rows];
            for (var k = 0; k < rows; k++) y[k] = random.NextDouble() < 0.5 ? 0 : Math.Exp(8 * random.NextDouble() - 4);
            double[] etaFast = new double[buses], etaSlow = new double[buses];
            tree.MultiplyTransposed(y, etaFast);
            dense.MultiplyTransposed(y, etaSlow);
            for (var n = 0; n < buses; n++)
            {
                var scale = 0.0;
                for (var k = 0; k < rows; k++) scale += magnitude[k * buses + n] * Math.Abs(y[k]);
                var error = Math.Abs(etaFast[n] - etaSlow[n]) / Math.Max(scale, 1e-300);
                worstTransposed = Math.Max(worstTransposed, error);
                Assert.True(error <= Tolerance, $"bus {n}: sweep {etaFast[n]}, dense {etaSlow[n]}");
            }

            // Headroom for slacks of both signs (violated rows too), then for the slacks at x.
            var slack = new double[rows];
            for (var k = 0; k < rows; k++) slack[k] = (random.NextDouble() < 0.2 ? -1 : 1) * 100 * random.NextDouble();
            AssertHeadroom(slack);
            for (var k = 0; k < rows; k++) slack[k] = dense.NormalizedBound[k] - slow[k];
            AssertHeadroom(slack);
        }

        // Gram entries on a random ascending subset of rows, twice (the second from the cache).
        var subset = Enumerable.Range(0, rows).Where(_ => random.NextDouble() < Math.Min(1.0, 60.0 / rows)).ToArray();
        for (var pass = 0; pass < 2; pass++)
        {
            var count = subset.Length;
            double[] gramFast = new double[count * count], gramSlow = new double[count * count];
            tree.FillGram(subset, gramFast);
            dense.FillGram(subset, gramSlow);
            for (var i = 0; i < count * count; i++)
            {
                var error = Math.Abs(gramFast[i] - gramSlow[i]);
                worstGram = Math.Max(worstGram, error);
                Assert.True(error <= Tolerance, $"Gram ({subset[i / count]}, {subset[i % count]}): sweep {gramFast[i]}, dense {gramSlow[i]}");
            }
            for (var i = 0; i < count; i++)
                for (var j = 0; j < count; j++) Assert.Equal(gramFast[i * count + j], gramFast[j * count + i]);
        }
        output.WriteLine($"{buses} buses, {rows} rows: worst relative error D A x {worstProduct:E1}, (D A)' y {worstTransposed:E1}, "
            + $"Gram {worstGram:E1}, headroom {worstHeadroom:E1}");

        void AssertHeadroom(double[] slack)
        {
            double[] upFast = new double[buses], downFast = new double[buses], upSlow = new double[buses], downSlow = new double[buses];
            tree.Headroom(slack, upFast, downFast);
            dense.Headroom(slack, upSlow, downSlow);
            for (var n = 0; n < buses; n++)
            {
                foreach (var (fast, slow) in new[] { (upFast[n], upSlow[n]), (downFast[n], downSlow[n]) })
                {
                    if (double.IsInfinity(slow))
                    {
                        Assert.Equal(slow, fast);
                        continue;
                    }
                    var error = Math.Abs(fast - slow) / Math.Max(Math.Abs(slow), 1e-300);
                    worstHeadroom = Math.Max(worstHeadroom, error);
                    Assert.True(error <= Tolerance, $"bus {n}: sweep headroom {fast}, dense {slow}");
                }
            }
        }
    }
}
