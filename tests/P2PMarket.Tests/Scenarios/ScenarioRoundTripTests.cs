using P2PMarket.Scenarios;
using P2PMarket.Scenarios.Synthetic;

namespace P2PMarket.Tests.Scenarios;

/// <summary>ScenarioWriter output reads back to the identical scenario (the form sent over gRPC).</summary>
public class ScenarioRoundTripTests
{
    public static TheoryData<string> Scenarios() => ["fixture", "ieee69", "synthetic"];

    private static Scenario Make(string which) => which switch
    {
        "fixture" => ScenarioLoader.Parse(LoaderFixture.Json, LoaderFixture.Source),
        "ieee69" => ShippedScenarios.Ieee69(),
        _ => SyntheticScenarioGenerator.Generate(300, seed: 7),
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void WriteThenLoadGivesTheIdenticalScenario(string which)
    {
        var original = Make(which);
        var json = ScenarioWriter.Write(original);
        var copy = ScenarioLoader.Parse(json, "written.json");

        AssertIdentical(original, copy);
        Assert.Equal(json, ScenarioWriter.Write(copy));
    }

    internal static void AssertIdentical(Scenario expected, Scenario actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Feeder.Name, actual.Feeder.Name);
        Assert.Equal(expected.Feeder.BaseKv, actual.Feeder.BaseKv);
        Assert.Equal(expected.Feeder.BaseMva, actual.Feeder.BaseMva);
        Assert.Equal(expected.Feeder.SubstationVoltagePu, actual.Feeder.SubstationVoltagePu);
        Assert.Equal(expected.Feeder.Buses, actual.Feeder.Buses);
        Assert.Equal(expected.Feeder.Branches, actual.Feeder.Branches);
        Assert.Equal(expected.VoltageLimits, actual.VoltageLimits);
        Assert.Equal(expected.Retail, actual.Retail);
        Assert.Equal(expected.Prosumers, actual.Prosumers);
        Assert.Equal(expected.Trades.Pairs, actual.Trades.Pairs);
        Assert.Equal(expected.Settings, actual.Settings);
    }
}
