using P2PMarket.Scenarios;
using P2PMarket.Tests.Reference;

namespace P2PMarket.Tests.Scenarios;

/// <summary>The shipped toy4.json is the hand-solved toy of the reference tests, field for field.</summary>
public class ShippedToyTests
{
    [Fact]
    public void ShippedToyIsTheHandSolvedToy()
    {
        var shipped = ShippedScenarios.Load("toy4");
        var built = ToyScenario.Build() with { Name = "toy4" };
        Assert.Equal(ScenarioWriter.Write(built), ScenarioWriter.Write(shipped));
    }
}
