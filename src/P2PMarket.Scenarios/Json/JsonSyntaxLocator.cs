using System.Text;
using System.Text.Json;

namespace P2PMarket.Scenarios.Json;

/// <summary>
/// Finds the JSONPath at which a document stops being valid JSON (e.g. a bare <c>NaN</c> as a field
/// value), so that a syntax error can name the field like every other scenario error.
/// </summary>
internal static class JsonSyntaxLocator
{
    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public int Index { get; set; } = -1;
        public string? Property { get; set; }
    }

    /// <summary>Re-reads <paramref name="json"/> token by token and returns the path being read when the reader failed.</summary>
    public static string PathOfError(string json, JsonReaderOptions options)
    {
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), options);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (frames.Count > 0 && frames[^1].IsArray) frames[^1].Index++;
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        if (frames.Count > 0 && !frames[^1].IsArray) frames[^1].Property = null;
                        break;
                    case JsonTokenType.PropertyName:
                        frames[^1].Property = reader.GetString();
                        break;
                    default:
                        if (frames.Count > 0 && frames[^1].IsArray) frames[^1].Index++;
                        else if (frames.Count > 0) frames[^1].Property = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return Spell(frames, failedInsideArray: true);
        }
        return JsonPathText.Root;
    }

    private static string Spell(List<Frame> frames, bool failedInsideArray)
    {
        var path = JsonPathText.Root;
        for (var k = 0; k < frames.Count; k++)
        {
            var frame = frames[k];
            var last = k == frames.Count - 1;
            if (frame.IsArray)
            {
                // The element being read when the reader failed is the one after the last complete element.
                var index = last && failedInsideArray ? frame.Index + 1 : frame.Index;
                if (index >= 0) path = JsonPathText.Index(path, index);
            }
            else if (frame.Property is { } name)
            {
                path = JsonPathText.Property(path, name);
            }
        }
        return path;
    }
}
