using System.Text.Json;

namespace P2PMarket.Clearing.Results;

/// <summary>Reads and writes <see cref="MarketResult"/> as JSON (System.Text.Json): camelCase names, indented,
/// non-finite numbers as null. The format is described by <c>Schema/result.schema.json</c>.</summary>
public static class MarketResultJson
{
    /// <summary>The serializer options of the result file.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new NonFiniteAsNullConverter() },
        RespectNullableAnnotations = true,
    };

    /// <summary>The result as JSON text.</summary>
    public static string Serialize(MarketResult result) => JsonSerializer.Serialize(result, Options);

    /// <summary>Writes the result to <paramref name="stream"/> as UTF-8 JSON.</summary>
    public static Task WriteAsync(MarketResult result, Stream stream, CancellationToken cancellationToken = default) =>
        JsonSerializer.SerializeAsync(stream, result, Options, cancellationToken);

    /// <summary>Reads a result from JSON text.</summary>
    /// <exception cref="JsonException">The text is not a result of a supported schema version.</exception>
    public static MarketResult Deserialize(string json) => Check(JsonSerializer.Deserialize<MarketResult>(json, Options));

    /// <summary>Reads a result from a UTF-8 JSON stream.</summary>
    /// <exception cref="JsonException">The stream is not a result of a supported schema version.</exception>
    public static async Task<MarketResult> ReadAsync(Stream stream, CancellationToken cancellationToken = default) =>
        Check(await JsonSerializer.DeserializeAsync<MarketResult>(stream, Options, cancellationToken));

    private static MarketResult Check(MarketResult? result) =>
        result is null
            ? throw new JsonException("result file: expected a JSON object, got null")
            : result.SchemaVersion == MarketResult.CurrentSchemaVersion
                ? result
                : throw new JsonException($"result file: field 'schemaVersion': expected {MarketResult.CurrentSchemaVersion}, got {result.SchemaVersion}");
}
