using P2PMarket.Grid;

namespace P2PMarket.Tests.Grid;

/// <summary>The IEEE 69-bus feeder against the published figures (data/ieee69/README.md).</summary>
public class Ieee69PublishedFiguresTests
{
    private static readonly Feeder Feeder = Ieee69Fixture.Load();

    private static int Bus(int label) => Feeder.TryGetIndex(label, out var i) ? i : throw new ArgumentException($"no bus {label}");

    [Fact]
    public void AcSweepReproducesPublishedLossesAndVoltages()
    {
        var result = new AcPowerFlow().Solve(Feeder, new double[Feeder.BusCount]);
        Assert.True(result.Converged);
        Assert.Equal(224.99, result.LossKw, 0.01);
        Assert.Equal(102.16, result.LossKvar, 0.01);
        var min = result.VoltagePu.Select((v, i) => (v, i)).MinBy(t => t.v);
        Assert.Equal(65, Feeder.Buses[min.i].Label);
        Assert.Equal(0.90919, min.v, 5e-6);
        Assert.Equal(0.95633, result.VoltagePu[Bus(27)], 5e-6);
        Assert.Equal(0.91234, result.VoltagePu[Bus(61)], 5e-6);
        Assert.Equal(0.97134, result.VoltagePu[Bus(11)], 5e-6);
        Assert.Equal(0.96785, result.VoltagePu[Bus(69)], 5e-6);
        Assert.Equal(4027.09, result.SendingFlowKw[Feeder.BranchInto(Bus(2))], 0.01);
        Assert.Equal(2796.86, result.SendingFlowKvar[Feeder.BranchInto(Bus(2))], 0.01);
    }

    [Fact]
    public void LinDistFlowReproducesPublishedSquaredVoltageAndLosses()
    {
        var model = new LinDistFlow(Feeder);
        Assert.Equal(0.83369, model.BaseSquaredVoltage[Bus(65)], 5e-6);
        Assert.Equal(191.5, model.LossKw(new double[Feeder.BusCount]), 0.05);
    }
}
