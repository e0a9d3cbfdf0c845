using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Results;

namespace P2PMarket.Tests.Results;

public class MarketResultJsonTests
{
    private static MarketResult Sample()
    {
        var result = MarketResultBuilderTests.BuildConstrained(checkEquilibrium: true);
        // A history row as the ADMM writes it, so the convergence part is exercised too.
        return result with
        {
            Convergence = [new ConvergenceRecord(1, 1.5, 0.2, 0.01, 0.003, 0.002, 0.01, 0.01, 1e-4, 1e-5, 2e-5, 3e-6)],
        };
    }

    // JsonSchema.Net registers a schema by its $id globally: build it once.
    private static readonly Lazy<JsonSchema> ResultSchema = new(() => JsonSchema.FromFile(SchemaPath()));

    private static string SchemaPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "src", "P2PMarket.Clearing", "Schema", "result.schema.json");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("src/P2PMarket.Clearing/Schema/result.schema.json not found above the test binaries");
    }

    [Fact]
    public void RoundTripKeepsEveryValue()
    {
        var sample = Sample();
        var json = MarketResultJson.Serialize(sample);
        var back = MarketResultJson.Deserialize(json);

        Assert.Equal(json, MarketResultJson.Serialize(back));
        Assert.Equal(sample.Prosumers[0] with { Trades = [] }, back.Prosumers[0] with { Trades = [] });
        Assert.Equal(sample.Prosumers[1].Trades[0], back.Prosumers[1].Trades[0]);
        Assert.Equal(sample.Totals, back.Totals);
        Assert.Equal(sample.Buses[1], back.Buses[1]);
        Assert.Equal(sample.NetworkRows[3], back.NetworkRows[3]);
        Assert.Equal(sample.Convergence[0], back.Convergence[0]);
    }

    [Fact]
    public void NamesAreCamelCaseAndNonFiniteNumbersAreNull()
    {
        var node = JsonNode.Parse(MarketResultJson.Serialize(Sample()))!;

        Assert.Equal(1, node["schemaVersion"]!.GetValue<int>());
        var load = node["prosumers"]![1]!;
        Assert.Null(load["dynamicEnvelope"]!["minKw"]);
        Assert.True(load["dynamicEnvelope"]!.AsObject().ContainsKey("maxKw"));
        Assert.Null(load["staticEnvelope"]);
        Assert.NotNull(node["prosumers"]![0]!["payoffUsd"]);
        Assert.NotNull(node["buses"]![1]!["dlmp"]!["totalUsdPerKwh"]);

        var converter = new NonFiniteAsNullConverter();
        var options = new JsonSerializerOptions { Converters = { converter } };
        Assert.Equal("[null,null,1.5]", JsonSerializer.Serialize(new[] { double.NaN, double.PositiveInfinity, 1.5 }, options));
        Assert.True(double.IsNaN(JsonSerializer.Deserialize<double[]>("[null]", options)![0]));
    }

    [Fact]
    public void WrittenJsonValidatesAgainstTheSchema()
    {
        var schema = ResultSchema.Value;
        using var document = JsonDocument.Parse(MarketResultJson.Serialize(Sample()));
        var evaluation = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(evaluation.IsValid, string.Join("\n", Errors(evaluation)));
    }

    [Fact]
    public void SchemaRejectsAnUnknownProperty()
    {
        var schema = ResultSchema.Value;
        var node = JsonNode.Parse(MarketResultJson.Serialize(Sample()))!;
        node["totals"]!["welfare"] = 1.0;
        using var document = JsonDocument.Parse(node.ToJsonString());

        Assert.False(schema.Evaluate(document.RootElement).IsValid);
    }

    [Fact]
    public void EverySchemaPropertyIsDescribed()
    {
        var schema = JsonNode.Parse(File.ReadAllText(SchemaPath()))!;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema["$schema"]!.GetValue<string>());
        var undescribed = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            if (node is not JsonObject obj) return;
            if (obj["properties"] is JsonObject properties)
                foreach (var (name, property) in properties)
                {
                    var description = property?["description"]?.GetValue<string>();
                    if (string.IsNullOrWhiteSpace(description)) undescribed.Add($"{path}/{name}");
                    Walk(property, $"{path}/{name}");
                }
            if (obj["$defs"] is JsonObject defs)
                foreach (var (name, def) in defs) Walk(def, $"#/$defs/{name}");
        }
        Walk(schema, "#");
        Assert.Empty(undescribed);
    }

    [Fact]
    public void EveryRecordPropertyIsInTheSchema()
    {
        // The schema is strict (additionalProperties false); this also catches a record property the sample leaves null.
        var schema = JsonNode.Parse(File.ReadAllText(SchemaPath()))!;
        var names = new HashSet<string>();
        void Collect(JsonNode? node)
        {
            if (node is not JsonObject obj) return;
            if (obj["properties"] is JsonObject properties)
                foreach (var (name, property) in properties) { names.Add(name); Collect(property); }
            if (obj["$defs"] is JsonObject defs)
                foreach (var (_, def) in defs) Collect(def);
        }
        Collect(schema);
        var types = typeof(MarketResult).Assembly.GetTypes().Where(t => t.Namespace == typeof(MarketResult).Namespace && t.IsClass
            && t.GetConstructors().Any(c => c.GetParameters().Length > 0) && t != typeof(MarketResultBuilder) && t != typeof(ClearedMarket)
            && t != typeof(NonFiniteAsNullConverter));
        var missing = types.SelectMany(t => t.GetProperties().Where(p => p.CanWrite || p.GetMethod!.IsPublic)
                .Where(p => p.DeclaringType == t && p.GetIndexParameters().Length == 0)
                .Select(p => (Type: t.Name, Name: JsonNamingPolicy.CamelCase.ConvertName(p.Name))))
            .Where(x => !names.Contains(x.Name)).ToArray();
        Assert.Empty(missing);
    }

    [Fact]
    public void WrongSchemaVersionIsRejected()
    {
        var node = JsonNode.Parse(MarketResultJson.Serialize(Sample()))!;
        node["schemaVersion"] = 2;
        var error = Assert.Throws<JsonException>(() => MarketResultJson.Deserialize(node.ToJsonString()));
        Assert.Contains("schemaVersion", error.Message);
    }

    [Fact]
    public void AdmmOutcomeMapsToTheClearingSummary()
    {
        var history = new[] { new AdmmIteration(1, 1, 0, 0, 0, 0, 0.01, 0, 0, 0.5, 0.25, 0.125), new AdmmIteration(2, 0, 0, 0, 0, 0, 0.02, 0, 0, 0.5, 0.25, 0.125) };
        var scenario = P2PMarket.Tests.Checking.TwoProsumerMarket.Build();
        var (decisions, trades, price, mu, _) = P2PMarket.Tests.Checking.TwoProsumerMarket.Constrained();
        var outcome = new AdmmOutcome(AdmmExit.IterationLimit, 2, trades, price, decisions, [TwoProsumerNetworkPrice, 0], [0, TwoProsumerNetworkPrice],
            mu, [(double.NegativeInfinity, double.PositiveInfinity), (double.NegativeInfinity, double.PositiveInfinity)], history, 3.0);
        var cleared = ClearedMarket.FromAdmm("ve", outcome, [1.0, 1.0], new AdmmOptions(RelativeTolerance: 1e-5));
        var result = new MarketResultBuilder(checkEquilibrium: false).Build(scenario, cleared);

        Assert.Equal(("iterationLimit", 2, 1e-5), (result.Clearing.Exit, result.Clearing.Iterations, result.Clearing.RelativeTolerance));
        Assert.Equal((0.01, 0.02), (result.Clearing.InitialRhoUsdPerKw2!.Value, result.Clearing.FinalRhoUsdPerKw2!.Value));
        Assert.Equal((3.0, 1.0, 0.5, 0.25), (result.Timings.WallSeconds, result.Timings.LocalSolveSeconds, result.Timings.NetworkSeconds, result.Timings.CoordinatorSeconds));
        Assert.Equal(2, result.Convergence.Count);
    }

    private const double TwoProsumerNetworkPrice = P2PMarket.Tests.Checking.TwoProsumerMarket.ConstrainedNetworkPrice;

    private static IEnumerable<string> Errors(EvaluationResults results)
    {
        if (results.Errors is { } errors)
            foreach (var (key, message) in errors) yield return $"{results.InstanceLocation} ({results.EvaluationPath}) {key}: {message}";
        if (results.Details is { } details)
            foreach (var detail in details)
            foreach (var e in Errors(detail)) yield return e;
    }
}
