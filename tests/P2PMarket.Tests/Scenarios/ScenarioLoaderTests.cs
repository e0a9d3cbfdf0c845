using System.Text.Json.Nodes;
using P2PMarket.Grid;
using P2PMarket.Scenarios;

namespace P2PMarket.Tests.Scenarios;

/// <summary>The loader accepts the fixture and rejects each kind of bad input with the file, the JSONPath and the expectation.</summary>
public class ScenarioLoaderTests
{
    [Fact]
    public void ValidInlineScenarioLoadsWithDefaultsAndOverrides()
    {
        var s = ScenarioLoader.Parse(LoaderFixture.Json, LoaderFixture.Source);

        Assert.Equal("loader-test", s.Name);
        Assert.Equal("loader-test", s.Feeder.Name);
        Assert.Equal(4, s.Feeder.BusCount);
        Assert.Equal(400.0, s.Feeder.Branches[0].LimitKw);
        Assert.Null(s.Feeder.Branches[1].LimitKw);
        Assert.Equal(150.0, s.Feeder.Branches[2].LimitKw);
        Assert.Equal(new VoltageLimits(0.95, 1.05), s.VoltageLimits);
        Assert.Equal(4, s.Prosumers.Count);
        Assert.True(s.Feeder.TryGetIndex(3, out var bus3));
        Assert.Equal(bus3, s.Prosumers[0].Bus);
        Assert.Equal(1.0, s.Prosumers[0].Weight);
        Assert.Equal(1.5, s.Prosumers[1].Weight);

        // Pairs (a,b) (a,c) (b,c) (b,d): the (a,b) override, defaults elsewhere.
        Assert.Equal(4, s.Trades.Pairs.Count);
        var ab = s.Trades.Pairs[0];
        Assert.Equal((0, 1, 80.0, 0.002, 1e-6), (ab.First, ab.Second, ab.LimitKw, ab.FeePerKwh, ab.Friction));
        var bd = s.Trades.Pairs[3];
        Assert.Equal((1, 3, 50.0, 0.001, 1e-6), (bd.First, bd.Second, bd.LimitKw, bd.FeePerKwh, bd.Friction));
        Assert.Equal(100, s.Settings.MaxIterations);
        Assert.Equal(0.05, s.Settings.InitialRho);
        Assert.Equal(1e-4, s.Settings.RelativeTolerance);
    }

    [Fact]
    public void LoadScaleMultipliesPassiveLoads()
    {
        var json = LoaderFixture.Mutate(r => r["feeder"]!["loadScale"] = 0.5);
        var s = ScenarioLoader.Parse(json, LoaderFixture.Source);
        Assert.Equal(25.0, s.Feeder.Buses[1].LoadKw);
        Assert.Equal(10.0, s.Feeder.Buses[1].LoadKvar);
    }

    public static TheoryData<string, string, string> Rejections()
    {
        var data = new TheoryData<string, string, string>();
        void Case(Action<JsonObject> mutation, string path, string fragment) => data.Add(LoaderFixture.Mutate(mutation), path, fragment);
        static JsonObject P(JsonObject r, int i) => LoaderFixture.Prosumer(r, i);

        // Missing, unknown and mistyped fields.
        Case(r => P(r, 1).Remove("fixedLoadKw"), "$.prosumers[1].fixedLoadKw", "missing");
        Case(r => r.Remove("retail"), "$.retail", "missing");
        Case(r => P(r, 0)["colour"] = "red", "$.prosumers[0].colour", "no property 'colour'");
        Case(r => r["extra"] = 1, "$.extra", "no property 'extra'");
        Case(r => P(r, 2)["pvAvailableKw"] = "lots", "$.prosumers[2].pvAvailableKw", "got a string 'lots'");
        Case(r => P(r, 2)["pvAvailableKw"] = "NaN", "$.prosumers[2].pvAvailableKw", "got a string 'NaN'");
        Case(r => P(r, 0)["bus"] = 2.5, "$.prosumers[0].bus", "integer");
        Case(r => P(r, 0)["partners"] = "b", "$.prosumers[0].partners", "JSON array");
        Case(r => r["feeder"] = 3, "$.feeder", "JSON object");
        Case(r => r["schemaVersion"] = 2, "$.schemaVersion", "schemaVersion 1");
        Case(r => r["name"] = "", "$.name", "non-empty string");

        // Bounds.
        Case(r => P(r, 0)["fixedLoadKw"] = -1, "$.prosumers[0].fixedLoadKw", ">= 0, got -1");
        Case(r => P(r, 1)["demandMinKw"] = 25, "$.prosumers[1].demandMaxKw", ">= demandMinKw 25");
        Case(r => P(r, 2)["generationCostQuadraticPerKw2"] = 0, "$.prosumers[2].generationCostQuadraticPerKw2", "> 0, got 0");
        Case(r => P(r, 1)["utilityQuadraticPerKw2"] = -0.1, "$.prosumers[1].utilityQuadraticPerKw2", "> 0, got -0.1");
        Case(r => P(r, 2)["weight"] = 0, "$.prosumers[2].weight", "> 0, got 0");
        Case(r => r["retail"]!["exportPricePerKwh"] = 0.25, "$.retail.exportPricePerKwh", "below importPricePerKwh 0.25");
        Case(r => r["trading"]!["frictionPerKw2"] = 0, "$.trading.frictionPerKw2", "> 0, got 0");
        Case(r => r["trading"]!["pairs"]![0]!["frictionPerKw2"] = -1e-6, "$.trading.pairs[0].frictionPerKw2", "> 0");
        Case(r => r["trading"]!["defaultLimitKw"] = 0, "$.trading.defaultLimitKw", "> 0");
        Case(r => r["voltageLimits"]!["vmaxPu"] = 0.9, "$.voltageLimits.vmaxPu", "above vminPu 0.95");
        Case(r => r["market"]!["maxIterations"] = 0, "$.market.maxIterations", ">= 1");

        // Identity and the trading graph.
        Case(r => P(r, 3)["id"] = "a", "$.prosumers[3].id", "also the id of $.prosumers[0]");
        Case(r => P(r, 3)["partners"]![0] = "zz", "$.prosumers[3].partners[0]", "got 'zz'");
        Case(r => P(r, 1)["partners"] = new JsonArray("a", "c"), "$.prosumers[3].partners[0]", "lists 'd' back");
        Case(r => P(r, 0)["partners"]!.AsArray().Add("a"), "$.prosumers[0].partners[2]", "other than the prosumer itself");
        Case(r => P(r, 0)["partners"]!.AsArray().Add("b"), "$.prosumers[0].partners[2]", "each partner once");
        Case(r => P(r, 0)["bus"] = 99, "$.prosumers[0].bus", "a bus of the feeder, got 99");
        Case(r => r["trading"]!["pairs"]!.AsArray().Add(new JsonObject { ["between"] = new JsonArray("c", "d") }),
            "$.trading.pairs[1].between[1]", "not in its partners");
        Case(r => r["trading"]!["pairs"]!.AsArray().Add(new JsonObject { ["between"] = new JsonArray("a", "b") }),
            "$.trading.pairs[1].between", "also $.trading.pairs[0]");

        // Local sets that cannot balance.
        Case(r => { P(r, 3)["fixedLoadKw"] = 500; }, "$.prosumers[3]", "local set is empty");
        Case(r => r["prosumers"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "lonely", ["bus"] = 2, ["fixedLoadKw"] = 20, ["pvAvailableKw"] = 5, ["generationMaxKw"] = 10,
            ["generationCostQuadraticPerKw2"] = 0.001, ["generationCostLinearPerKwh"] = 0.1, ["demandMinKw"] = 0,
            ["demandMaxKw"] = 0, ["utilityLinearPerKwh"] = 0.2, ["utilityQuadraticPerKw2"] = 0.01, ["retailLimitKw"] = 0,
            ["partners"] = new JsonArray(),
        }), "$.prosumers[4]", "20 kW exceeds");

        // Feeder data.
        Case(r => r["feeder"]!["branches"]![1]!["rOhm"] = 0, "$.feeder.branches[1].rOhm", "> 0");
        Case(r => r["feeder"]!["branches"]![1]!["to"] = 9, "$.feeder.branches[1].to", "listed in $.feeder.buses, got 9");
        Case(r => r["feeder"]!["branches"]![2]!["to"] = 3, "$.feeder.branches[2].to", "bus 3 is also fed by $.feeder.branches[1]");
        Case(r => r["feeder"]!["buses"]![3]!["label"] = 3, "$.feeder.buses[3].label", "unique bus number");
        Case(r => r["feeder"]!["branches"]![0]!["from"] = 3, "$.feeder.branches", "connected radial feeder");
        Case(r => r["feeder"]!["branches"]!.AsArray().RemoveAt(0), "$.feeder.branches", "exactly one substation");
        Case(r => r["feeder"]!["branchLimitsKw"]!["3-4"] = 10, "$.feeder.branchLimitsKw['3-4']", "no branch '3-4'");
        Case(r => r["feeder"]!["branchLimitsKw"]!["2-4"] = -5, "$.feeder.branchLimitsKw['2-4']", "> 0");
        Case(r => r["feeder"]!["busesCsv"] = "buses.csv", "$.feeder", "not both");
        Case(r => r["feeder"]!["baseKv"] = 0, "$.feeder.baseKv", "> 0");
        return data;
    }

    [Theory]
    [MemberData(nameof(Rejections))]
    public void RejectionNamesFilePathAndExpectation(string json, string path, string fragment)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json, LoaderFixture.Source));
        Assert.Equal(path, e.JsonPath);
        Assert.StartsWith($"{LoaderFixture.Source}: {path}: expected ", e.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"pvAvailableKw\": 30", "\"pvAvailableKw\": NaN", "$.prosumers[0].pvAvailableKw", "valid JSON")]
    [InlineData("\"pvAvailableKw\": 30", "\"pvAvailableKw\": Infinity", "$.prosumers[0].pvAvailableKw", "no NaN or Infinity")]
    [InlineData("\"pvAvailableKw\": 30", "\"pvAvailableKw\": 1e999", "$.prosumers[0].pvAvailableKw", "not a finite double")]
    [InlineData("\"partners\": [\"b\", \"c\"]", "\"partners\": [\"b\", c]", "$.prosumers[0].partners[1]", "valid JSON")]
    [InlineData("\"fixedLoadKw\": 2,", "\"fixedLoadKw\": 2, \"fixedLoadKw\": 3,", "$.prosumers[0].fixedLoadKw", "appears twice")]
    [InlineData("\"vmaxPu\": 1.05 }", "\"vmaxPu\": 1.05, }", "$.voltageLimits", "valid JSON")]
    public void TextLevelErrorsNameThePath(string original, string replacement, string path, string fragment)
    {
        var index = LoaderFixture.Json.IndexOf(original, StringComparison.Ordinal);
        Assert.True(index >= 0, original);
        var json = string.Concat(LoaderFixture.Json.AsSpan(0, index), replacement, LoaderFixture.Json.AsSpan(index + original.Length));
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json, LoaderFixture.Source));
        Assert.Equal(path, e.JsonPath);
        Assert.StartsWith($"{LoaderFixture.Source}: {path}: expected ", e.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvFeederIsReadRelativeToTheScenarioFile()
    {
        using var dir = new TempDirectory();
        WriteCsvFeeder(dir.Path, branchRow2: "2,3,0.6,0.4,");
        var path = Path.Combine(dir.Path, "scenario.json");
        File.WriteAllText(path, CsvScenario());

        var s = ScenarioLoader.Load(path);

        Assert.Equal(4, s.Feeder.BusCount);
        Assert.Equal(400.0, s.Feeder.Branches[0].LimitKw);
        Assert.Null(s.Feeder.Branches[1].LimitKw);
        Assert.Equal(150.0, s.Feeder.Branches[2].LimitKw);
    }

    [Fact]
    public void CsvFeederErrorKeepsFileRowAndField()
    {
        using var dir = new TempDirectory();
        WriteCsvFeeder(dir.Path, branchRow2: "2,3,abc,0.4,");
        var path = Path.Combine(dir.Path, "scenario.json");
        File.WriteAllText(path, CsvScenario());

        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path));

        Assert.Equal("$.feeder.branchesCsv", e.JsonPath);
        Assert.StartsWith($"{path}: $.feeder.branchesCsv: expected ", e.Message, StringComparison.Ordinal);
        var inner = Assert.IsType<FeederDataException>(e.InnerException);
        Assert.Equal(("branches.csv", 2, "r_ohm"), (inner.DataSource, inner.Row, inner.Field));
        Assert.Contains("branches.csv, row 2: field 'r_ohm'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingCsvFileAndRelativePathWithoutBaseDirectoryAreRejected()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "scenario.json");
        File.WriteAllText(path, CsvScenario());
        var missing = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path));
        Assert.Equal("$.feeder.busesCsv", missing.JsonPath);
        Assert.Contains("cannot open", missing.Message, StringComparison.Ordinal);

        var noBase = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(CsvScenario(), "request"));
        Assert.StartsWith("request: $.feeder.busesCsv: expected ", noBase.Message, StringComparison.Ordinal);
        Assert.Contains("without a base directory", noBase.Message, StringComparison.Ordinal);

        var badEmbedded = CsvScenario().Replace("\"buses.csv\"", "\"embedded:nowhere/buses.csv\"", StringComparison.Ordinal);
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(badEmbedded, "request", dir.Path));
        Assert.Contains("ieee69/buses.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingScenarioFileNamesTheFile()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load("/nonexistent/dir/scenario.json"));
        Assert.StartsWith("/nonexistent/dir/scenario.json: $: expected a readable scenario file", e.Message, StringComparison.Ordinal);
    }

    private static string CsvScenario() => LoaderFixture.Mutate(r =>
    {
        var feeder = r["feeder"]!.AsObject();
        feeder.Remove("buses");
        feeder.Remove("branches");
        feeder["busesCsv"] = "buses.csv";
        feeder["branchesCsv"] = "branches.csv";
    });

    private static void WriteCsvFeeder(string dir, string branchRow2)
    {
        File.WriteAllText(Path.Combine(dir, "buses.csv"), "bus,p_kw,q_kvar\n1,0,0\n2,50,20\n3,40,15\n4,30,10\n");
        File.WriteAllText(Path.Combine(dir, "branches.csv"), $"from_bus,to_bus,r_ohm,x_ohm,limit_kw\n1,2,0.5,0.3,400\n{branchRow2}\n2,4,0.7,0.4,\n");
    }
}
