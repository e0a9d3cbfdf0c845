using P2PMarket.Clearing.Losses;
using P2PMarket.Grid;
using P2PMarket.Tests.Envelopes;
using P2PMarket.Tests.Grid;

namespace P2PMarket.Tests.Losses;

public class AcSensitivitiesTests
{
    // Central differences of the sweep with a 0.01 kW step: truncation ~ h^2 * third derivative, far below the
    // sweep's 1e-12 p.u. tolerance divided by h; the analytic Jacobian must agree to ~1e-7 relative.
    private const double StepKw = 1e-2;

    public static TheoryData<string> Feeders => ["chain4", "ieee69"];

    private static (Feeder Feeder, double[] Injection) Point(string name)
    {
        if (name == "chain4")
            return (TinyFeeders.Chain4(), [0, 40, -60, 120]);
        var feeder = Ieee69Fixture.Load();
        var injection = new double[feeder.BusCount];
        for (var n = 1; n < feeder.BusCount; n++) injection[n] = 15.0 * Math.Sin(0.7 * n); // mixed injections and withdrawals
        return (feeder, injection);
    }

    [Theory]
    [MemberData(nameof(Feeders))]
    public void SensitivitiesMatchCentralFiniteDifferencesOfTheSweep(string name)
    {
        var (feeder, injection) = Point(name);
        var sensitivities = AcSensitivities.At(feeder, injection);
        var flow = new AcPowerFlow();
        var buses = name == "chain4" ? Enumerable.Range(1, 3).ToArray() : [1, 7, 26, 45, 64, 68];
        foreach (var k in buses)
        {
            var up = (double[])injection.Clone();
            var down = (double[])injection.Clone();
            up[k] += StepKw;
            down[k] -= StepKw;
            var high = flow.Solve(feeder, up);
            var low = flow.Solve(feeder, down);
            for (var j = 1; j < feeder.BusCount; j++)
            {
                var expected = (high.VoltagePu[j] * high.VoltagePu[j] - low.VoltagePu[j] * low.VoltagePu[j]) / (2 * StepKw);
                Assert.Equal(expected, sensitivities.SquaredVoltageSensitivity[j, k], 1e-10 + 1e-6 * Math.Abs(expected));
            }
            for (var l = 0; l < feeder.Branches.Count; l++)
            {
                var expected = (high.SendingFlowKw[l] - low.SendingFlowKw[l]) / (2 * StepKw);
                Assert.Equal(expected, sensitivities.FlowSensitivity[l, k], 1e-7 + 1e-6 * Math.Abs(expected));
            }
            var lossFactor = (high.LossKw - low.LossKw) / (2 * StepKw);
            Assert.Equal(lossFactor, sensitivities.LossFactor[k], 1e-7 + 1e-6 * Math.Abs(lossFactor));
        }
        Assert.All(Enumerable.Range(0, feeder.BusCount), j => Assert.Equal(0.0, sensitivities.SquaredVoltageSensitivity[j, 0]));
        Assert.Equal(0.0, sensitivities.LossFactor[0]);
    }

    [Fact]
    public void AtThePassivePointTheSensitivitiesAreCloseToLinDistFlowButNotEqual()
    {
        var feeder = Ieee69Fixture.Load();
        var sensitivities = AcSensitivities.At(feeder, new double[feeder.BusCount]);
        var model = new LinDistFlow(feeder);
        var end = 64; // internal index of bus 65, the feeder's weakest bus
        var linear = 2 * model.SharedResistancePu(end, end) / 10000.0;
        var ac = sensitivities.SquaredVoltageSensitivity[end, end];
        Assert.InRange(ac / linear, 1.0, 1.2); // losses and the lower voltage make the AC sensitivity larger
        Assert.True(sensitivities.LossFactor[end] < -0.05, $"injecting at the end of the loaded feeder saves losses; LF = {sensitivities.LossFactor[end]}");
    }

    [Theory]
    [MemberData(nameof(Feeders))]
    public void LinearizedRowsAreExactAtTheOperatingPointAndKeepLabelsAndOrder(string name)
    {
        var (feeder, injection) = Point(name);
        var lossless = new NetworkConstraints(new LinDistFlow(feeder), new VoltageLimits(0.9, 1.05));
        var sensitivities = AcSensitivities.At(feeder, injection);
        var rows = sensitivities.Linearize(lossless);
        Assert.Equal(lossless.Labels, rows.Labels);
        Assert.Equal(lossless.Kinds, rows.Kinds);
        var residual = rows.Residual(injection);
        var ac = sensitivities.OperatingPoint;
        for (var k = 0; k < rows.RowCount; k++)
        {
            var s = lossless.Subjects[k];
            var expected = lossless.Kinds[k] switch
            {
                NetworkRowKind.VoltageMax => ac.VoltagePu[s] * ac.VoltagePu[s] - 1.05 * 1.05,
                NetworkRowKind.VoltageMin => 0.9 * 0.9 - ac.VoltagePu[s] * ac.VoltagePu[s],
                NetworkRowKind.FlowMax => ac.SendingFlowKw[s] - feeder.Branches[s].LimitKw!.Value,
                _ => -ac.SendingFlowKw[s] - feeder.Branches[s].LimitKw!.Value,
            };
            Assert.Equal(expected, residual[k], 1e-9);
        }
        Assert.Equal(lossless.RowCount, rows.RowNorm.Length);
    }

    [Fact]
    public void TheLinearizationErrorIsSecondOrderInTheStep()
    {
        var (feeder, injection) = Point("chain4");
        var lossless = new NetworkConstraints(new LinDistFlow(feeder), new VoltageLimits(0.9, 1.05));
        var rows = AcSensitivities.At(feeder, injection).Linearize(lossless);
        double Error(double stepKw)
        {
            var moved = injection.Select((p, n) => n == 0 ? p : p + stepKw).ToArray();
            var ac = new AcPowerFlow().Solve(feeder, moved);
            var predicted = rows.Residual(moved);
            var vminRow = lossless.Labels.ToList().IndexOf("vmin@4");
            return Math.Abs(predicted[vminRow] - (0.81 - ac.VoltagePu[3] * ac.VoltagePu[3]));
        }
        var ratio = Error(40) / Error(20);
        Assert.InRange(ratio, 3.5, 4.5);
    }
}
