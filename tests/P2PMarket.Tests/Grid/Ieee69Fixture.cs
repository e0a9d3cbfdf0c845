using P2PMarket.Grid;

namespace P2PMarket.Tests.Grid;

/// <summary>Loads the shipped IEEE 69-bus feeder (Baran &amp; Wu 1989) from the scenario library's embedded data.</summary>
public static class Ieee69Fixture
{
    public static Feeder Load()
    {
        var assembly = typeof(P2PMarket.Scenarios.Scenario).Assembly;
        using var buses = new StreamReader(assembly.GetManifestResourceStream("P2PMarket.Scenarios.Data.ieee69/buses.csv")!);
        using var branches = new StreamReader(assembly.GetManifestResourceStream("P2PMarket.Scenarios.Data.ieee69/branches.csv")!);
        return FeederCsv.Load("IEEE 69-bus", 12.66, 10.0, 1.0, buses, "buses.csv", branches, "branches.csv");
    }
}
