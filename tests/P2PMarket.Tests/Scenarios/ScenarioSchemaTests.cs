using System.Text.Json;
using Json.Schema;
using P2PMarket.Scenarios;
using P2PMarket.Scenarios.Synthetic;

namespace P2PMarket.Tests.Scenarios;

/// <summary>The published schema (Schema/scenario.schema.json) describes every field and accepts every file we make.</summary>
public class ScenarioSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(ScenarioSchema.Text);

    private static EvaluationResults Evaluate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static void AssertValid(string json, string what)
    {
        var result = Evaluate(json);
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .Take(10);
        Assert.True(result.IsValid, $"{what} fails the schema:\n{string.Join("\n", errors)}");
    }

    [Fact]
    public void ShippedScenariosValidate()
    {
        Assert.Contains(ShippedScenarios.Ieee69Name, ShippedScenarios.Names);
        foreach (var name in ShippedScenarios.Names) AssertValid(ShippedScenarios.ReadText(name), $"{name}.json");
    }

    [Fact]
    public void WrittenAndGeneratedScenariosValidate()
    {
        AssertValid(LoaderFixture.Json, "the loader fixture");
        AssertValid(ScenarioWriter.Write(ShippedScenarios.Ieee69()), "written ieee69");
        foreach (var n in new[] { 10, 300 })
            AssertValid(ScenarioWriter.Write(SyntheticScenarioGenerator.Generate(n, seed: 5)), $"synthetic {n}");
    }

    [Theory]
    [InlineData("colour")]
    [InlineData("missing")]
    [InlineData("negative")]
    [InlineData("bothFeederForms")]
    public void SchemaRejectsWhatTheLoaderRejects(string how)
    {
        var json = LoaderFixture.Mutate(r =>
        {
            switch (how)
            {
                case "colour": LoaderFixture.Prosumer(r, 0)["colour"] = "red"; break;
                case "missing": LoaderFixture.Prosumer(r, 0).Remove("retailLimitKw"); break;
                case "negative": LoaderFixture.Prosumer(r, 0)["pvAvailableKw"] = -1; break;
                default: r["feeder"]!["busesCsv"] = "buses.csv"; r["feeder"]!["branchesCsv"] = "branches.csv"; break;
            }
        });
        Assert.False(Evaluate(json).IsValid);
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json, LoaderFixture.Source));
    }

    [Fact]
    public void EveryPropertyHasADescriptionWithAUnit()
    {
        using var schema = JsonDocument.Parse(ScenarioSchema.Text);
        var checkedCount = 0;
        void Walk(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                var k = 0;
                foreach (var item in element.EnumerateArray()) Walk(item, $"{path}[{k++}]");
                return;
            }
            if (element.ValueKind != JsonValueKind.Object) return;
            if (element.TryGetProperty("properties", out var properties))
                foreach (var property in properties.EnumerateObject())
                {
                    checkedCount++;
                    Assert.True(property.Value.TryGetProperty("description", out var description), $"{path}.properties.{property.Name} has no description");
                    Assert.Contains("Unit: ", description.GetString(), StringComparison.Ordinal);
                }
            foreach (var child in element.EnumerateObject()) Walk(child.Value, $"{path}.{child.Name}");
        }
        Walk(schema.RootElement, "#");
        Assert.True(checkedCount > 50, $"only {checkedCount} properties found");
    }
}
