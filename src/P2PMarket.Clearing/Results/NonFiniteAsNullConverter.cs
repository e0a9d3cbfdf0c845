using System.Text.Json;
using System.Text.Json.Serialization;

namespace P2PMarket.Clearing.Results;

/// <summary>Writes NaN and infinities as JSON null (JSON has no such numbers) and reads null as NaN.</summary>
public sealed class NonFiniteAsNullConverter : JsonConverter<double>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}
