using P2PMarket.Clearing.Numerics;
using P2PMarket.Clearing.Reference;
using P2PMarket.Grid;

namespace P2PMarket.Tests.Reference;

/// <summary>The centralized reference satisfies the VE conditions of MODEL.md sec. 5 on random small scenarios.</summary>
public class CentralizedReferenceKktTests
{
    private const double KktTolerance = 1e-7;
    private const int SeedCount = 12;
    public static readonly TheoryData<int> Seeds = new(Enumerable.Range(1, SeedCount));

    // each random scenario is solved once for all tests
    private static readonly Lazy<(P2PMarket.Scenarios.Scenario Scenario, ReferenceSolution Solution)>[] Solved =
        Enumerable.Range(1, SeedCount)
            .Select(seed => new Lazy<(P2PMarket.Scenarios.Scenario, ReferenceSolution)>(() =>
            {
                var scenario = RandomScenario.Create(seed);
                return (scenario, new CentralizedReference().Solve(scenario));
            }))
            .ToArray();

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomScenarioSatisfiesTheEquilibriumConditions(int seed)
    {
        var (scenario, solution) = Solved[seed - 1].Value;
        Assert.Equal(QpExitReason.Converged, solution.ExitReason);
        Assert.True(solution.Iterations <= 60, $"{solution.Iterations} iterations");
        var kkt = ReferenceKkt.Of(scenario, solution);
        Assert.True(kkt.Largest <= KktTolerance, $"seed {seed}: {kkt}");
        Assert.Equal(-solution.Prosumers.Sum(p => p.Cost), solution.Welfare, 1e-9);
    }

    [Fact]
    public void RandomScenariosHaveBindingVoltageAndLineLimits()
    {
        // The property test above is only meaningful if the network prices are exercised.
        var kinds = new HashSet<NetworkRowKind>();
        foreach (var solved in Solved)
        {
            var (scenario, solution) = solved.Value;
            var network = scenario.BuildNetworkConstraints();
            for (var k = 0; k < network.RowCount; k++)
                if (solution.NetworkMultipliers[k] > 1e-6) kinds.Add(network.Kinds[k]);
        }
        Assert.Contains(NetworkRowKind.VoltageMax, kinds);
        Assert.True(kinds.Contains(NetworkRowKind.FlowMax) || kinds.Contains(NetworkRowKind.FlowMin), string.Join(", ", kinds));
    }

    [Fact]
    public void RejectsAProsumerOffTheFeeder()
    {
        var toy = ToyScenario.Build();
        var prosumers = toy.Prosumers.ToArray();
        prosumers[0] = prosumers[0] with { Bus = 7 };
        var bad = toy with { Prosumers = prosumers };
        var error = Assert.Throws<ArgumentException>(() => new CentralizedReference().Solve(bad));
        Assert.Contains("'A'", error.Message);
        Assert.Contains("Bus", error.Message);
    }
}
