using System.Text.Json;
using P2PMarket.Scenarios.Json;

namespace P2PMarket.Scenarios;

/// <summary>
/// Reads scenario files, format v1 (<c>Schema/scenario.schema.json</c>, <c>README.md</c> of this project),
/// into validated <see cref="Scenario"/>s. Every rejection is a <see cref="ScenarioException"/> naming the
/// file, the JSONPath of the field and what was expected.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>The format version this loader reads (<c>schemaVersion</c>).</summary>
    public const int SchemaVersion = ScenarioFields.SchemaVersion;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>Loads the scenario file at <paramref name="path"/>; CSV paths in it are relative to its folder.</summary>
    /// <exception cref="ScenarioException">The file cannot be read or is not a valid scenario.</exception>
    public static Scenario Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(path, JsonPathText.Root, $"a readable scenario file: {e.Message}", e);
        }
        return Parse(json, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Parses and validates a scenario document.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="sourceName">Name used in error messages (a file name, "request", ...).</param>
    /// <param name="baseDirectory">Folder that relative CSV paths are resolved against; null = only absolute or
    /// <c>embedded:</c> paths are allowed.</param>
    /// <exception cref="ScenarioException">The document is not a valid scenario.</exception>
    public static Scenario Parse(string json, string sourceName, string? baseDirectory = null)
    {
        using var document = ParseDocument(json, sourceName);
        return new ScenarioParser(sourceName, baseDirectory).Read(document.RootElement);
    }

    private static JsonDocument ParseDocument(string json, string sourceName)
    {
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            var path = JsonSyntaxLocator.PathOfError(json, new JsonReaderOptions
            {
                AllowTrailingCommas = DocumentOptions.AllowTrailingCommas,
                CommentHandling = DocumentOptions.CommentHandling,
                MaxDepth = DocumentOptions.MaxDepth,
            });
            var line = e.LineNumber is { } l ? $" (line {l + 1}, byte {e.BytePositionInLine + 1})" : "";
            throw new ScenarioException(sourceName, path,
                $"valid JSON{line}; numbers must be finite JSON numbers (no NaN or Infinity): {e.Message}", e);
        }
    }
}
