namespace P2PMarket.Scenarios;

/// <summary>The published JSON Schema (draft 2020-12) of scenario format v1, <c>Schema/scenario.schema.json</c>.</summary>
public static class ScenarioSchema
{
    /// <summary>The schema's <c>$id</c>.</summary>
    public const string Id = "https://p2pmarket.example/schemas/scenario-v1.schema.json";

    /// <summary>The schema document as JSON text.</summary>
    public static string Text
    {
        get
        {
            using var reader = EmbeddedData.OpenSchema("scenario.schema.json")
                ?? throw new InvalidOperationException("Schema/scenario.schema.json is not embedded in P2PMarket.Scenarios (packaging bug)");
            return reader.ReadToEnd();
        }
    }
}
