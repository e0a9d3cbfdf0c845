using P2PMarket.Clearing.Numerics;
using P2PMarket.Clearing.Reference;

namespace P2PMarket.Tests.Reference;

/// <summary>The centralized reference reproduces the hand-derived equilibrium of the 4-bus toy (<see cref="ToyScenario"/>).</summary>
public class ToyEquilibriumTests
{
    private const double Tolerance = 1e-6;
    private static readonly P2PMarket.Scenarios.Scenario Toy = ToyScenario.Build();
    private static readonly ReferenceSolution Solution = new CentralizedReference().Solve(Toy);

    [Fact]
    public void Converges()
    {
        Assert.Equal(QpExitReason.Converged, Solution.ExitReason);
        Assert.True(Solution.Iterations <= 40, $"{Solution.Iterations} iterations");
    }

    [Fact]
    public void ExactlyOneVoltageAndOneLineLimitBind()
    {
        var network = Toy.BuildNetworkConstraints();
        Assert.Equal([ToyScenario.Expected.BindingVoltageRow, ToyScenario.Expected.BindingFlowRow], ReferenceKkt.BindingRows(network, Solution));
        // every other row has a clear margin and a zero multiplier
        for (var k = 0; k < network.RowCount; k++)
        {
            var label = network.Labels[k];
            if (label is ToyScenario.Expected.BindingVoltageRow or ToyScenario.Expected.BindingFlowRow) continue;
            Assert.True(Solution.NetworkSlack[k] > 0.05, $"{label}: slack {Solution.NetworkSlack[k]}");
            Assert.Equal(0, Solution.NetworkMultipliers[k], Tolerance);
        }
    }

    [Fact]
    public void NetworkMultipliersAndBusPricesMatchTheDerivation()
    {
        var network = Toy.BuildNetworkConstraints();
        var voltage = IndexOf(network.Labels, ToyScenario.Expected.BindingVoltageRow);
        var flow = IndexOf(network.Labels, ToyScenario.Expected.BindingFlowRow);
        // mu_v is in $/h per p.u.^2; 1e-6 on the bus prices it produces (c mu_v) is 1e-3 on mu_v itself
        Assert.Equal(ToyScenario.Expected.MuVoltage, Solution.NetworkMultipliers[voltage], Tolerance / ToyScenario.Expected.C);
        Assert.Equal(ToyScenario.Expected.MuFlow, Solution.NetworkMultipliers[flow], Tolerance);
        for (var n = 0; n < 4; n++)
        {
            Assert.Equal(ToyScenario.Expected.BusNetworkPrice[n], Solution.BusNetworkPrice[n], Tolerance);
            Assert.Equal(ToyScenario.Expected.BusInjectionKw[n], Solution.BusInjectionKw[n], Tolerance);
        }
        Assert.Equal(ToyScenario.Expected.NetworkSurplus, Solution.NetworkSurplus, Tolerance);
    }

    [Fact]
    public void DecisionsBalancePricesAndCostsMatchTheDerivation()
    {
        for (var i = 0; i < 3; i++)
        {
            var d = Solution.Prosumers[i];
            var expected = ToyScenario.Expected.Decisions[i];
            Assert.Equal(expected[0], d.GenerationKw, Tolerance);
            Assert.Equal(expected[1], d.PvUsedKw, Tolerance);
            Assert.Equal(expected[2], d.FlexibleDemandKw, Tolerance);
            Assert.Equal(expected[3], d.ImportKw, Tolerance);
            Assert.Equal(expected[4], d.ExportKw, Tolerance);
            Assert.Equal(ToyScenario.Expected.BalancePrice[i], d.BalancePrice, Tolerance);
            Assert.Equal(ToyScenario.Expected.BusNetworkPrice[Toy.Prosumers[i].Bus], d.NetworkPrice, Tolerance);
            Assert.Equal(ToyScenario.Expected.Cost[i], d.Cost, Tolerance);
        }
        Assert.Equal(ToyScenario.Expected.Welfare, Solution.Welfare, Tolerance);
    }

    [Fact]
    public void TradesAndTradePricesMatchTheDerivation()
    {
        Assert.Equal(4, Toy.Trades.SlotCount);
        for (var s = 0; s < 4; s++)
        {
            Assert.Equal(ToyScenario.Expected.TradesKw[s], Solution.TradesKw[s], Tolerance);
            Assert.Equal(ToyScenario.Expected.TradePrice[s], Solution.TradePrice[s], Tolerance);
        }
    }

    [Fact]
    public void SatisfiesTheEquilibriumConditions()
    {
        var kkt = ReferenceKkt.Of(Toy, Solution);
        Assert.True(kkt.Largest <= 1e-7, kkt.ToString());
    }

    [Fact]
    public void WithoutLimitsBothLimitsWouldBeViolated()
    {
        var unconstrained = ToyScenario.BuildWithoutLimits();
        var solution = new CentralizedReference().Solve(unconstrained);
        Assert.Equal(QpExitReason.Converged, solution.ExitReason);
        for (var n = 0; n < 4; n++) Assert.Equal(ToyScenario.ExpectedUnconstrained.BusInjectionKw[n], solution.BusInjectionKw[n], Tolerance);
        for (var s = 0; s < 4; s++) Assert.Equal(ToyScenario.ExpectedUnconstrained.TradesKw[s], solution.TradesKw[s], Tolerance);
        for (var i = 0; i < 3; i++) Assert.Equal(ToyScenario.ExpectedUnconstrained.BalancePrice[i], solution.Prosumers[i].BalancePrice, Tolerance);
        Assert.All(solution.NetworkMultipliers, mu => Assert.Equal(0, mu, Tolerance));

        // the toy's own rows, evaluated at this market outcome
        var model = Toy.BuildNetworkConstraints().Model;
        Assert.Equal(ToyScenario.ExpectedUnconstrained.SquaredVoltageBus3, model.SquaredVoltage(solution.BusInjectionKw.ToArray())[3], Tolerance);
        Assert.Equal(ToyScenario.ExpectedUnconstrained.FlowKw12, model.FlowKw(solution.BusInjectionKw.ToArray())[1], Tolerance);
        var violated = Toy.BuildNetworkConstraints().Residual(solution.BusInjectionKw.ToArray());
        Assert.True(violated[IndexOf(Toy.BuildNetworkConstraints().Labels, "vmax@3")] > 0);
        Assert.True(violated[IndexOf(Toy.BuildNetworkConstraints().Labels, "fmin@1-2")] > 0);
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (var k = 0; k < labels.Count; k++) if (labels[k] == label) return k;
        throw new ArgumentException($"no network row labelled {label}");
    }
}
