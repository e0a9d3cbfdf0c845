using System.Text.Json;

namespace P2PMarket.Scenarios.Json;

/// <summary>
/// Reads one JSON object of a scenario file field by field, with the object's JSONPath, so that every
/// error names the file, the path of the field and the expectation. Unknown and repeated properties are
/// rejected on construction.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly Dictionary<string, JsonElement> properties = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="element"/>, which must be an object with only <paramref name="allowed"/> properties.</summary>
    /// <param name="element">The JSON value at <paramref name="path"/>.</param>
    /// <param name="path">Its JSONPath.</param>
    /// <param name="source">Name of the scenario file.</param>
    /// <param name="allowed">Property names the object may have.</param>
    /// <param name="what">What the object is, for the type error ("the feeder").</param>
    public JsonObjectReader(JsonElement element, string path, string source, IReadOnlyCollection<string> allowed, string what)
    {
        Source = source;
        Path = path;
        if (element.ValueKind != JsonValueKind.Object)
            throw Fail(path, $"{what} as a JSON object, got {JsonPathText.Describe(element)}");
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
                throw Fail(JsonPathText.Property(path, property.Name),
                    $"no property '{property.Name}' in {what}; allowed properties are {string.Join(", ", allowed)}");
            if (!properties.TryAdd(property.Name, property.Value))
                throw Fail(JsonPathText.Property(path, property.Name), $"each property once; '{property.Name}' appears twice");
        }
    }

    /// <summary>Name of the scenario file, for messages.</summary>
    public string Source { get; }

    /// <summary>JSONPath of this object.</summary>
    public string Path { get; }

    public string PathOf(string name) => JsonPathText.Property(Path, name);

    public bool Has(string name) => properties.ContainsKey(name);

    public ScenarioException Fail(string path, string expectation, Exception? inner = null) => new(Source, path, expectation, inner);

    public JsonElement Required(string name, string what) =>
        properties.TryGetValue(name, out var value)
            ? value
            : throw Fail(PathOf(name), $"a property '{name}' ({what}) in {Path}, but it is missing");

    /// <summary>The property, or null if it is absent or JSON null.</summary>
    public JsonElement? Optional(string name) =>
        properties.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public double RequiredNumber(string name, string what, NumberRule rule) =>
        ReadNumber(Required(name, what), PathOf(name), what, rule);

    public double OptionalNumber(string name, double fallback, string what, NumberRule rule) =>
        Optional(name) is { } value ? ReadNumber(value, PathOf(name), what, rule) : fallback;

    public double? OptionalNullableNumber(string name, string what, NumberRule rule) =>
        Optional(name) is { } value ? ReadNumber(value, PathOf(name), what, rule) : null;

    public int RequiredInteger(string name, string what) => ReadInteger(Required(name, what), PathOf(name), what);

    public string RequiredString(string name, string what) => ReadString(Required(name, what), PathOf(name), what);

    public string? OptionalString(string name, string what) =>
        Optional(name) is { } value ? ReadString(value, PathOf(name), what) : null;

    public JsonObjectReader RequiredObject(string name, IReadOnlyCollection<string> allowed, string what) =>
        new(Required(name, what), PathOf(name), Source, allowed, what);

    public JsonObjectReader? OptionalObject(string name, IReadOnlyCollection<string> allowed, string what) =>
        Optional(name) is { } value ? new JsonObjectReader(value, PathOf(name), Source, allowed, what) : null;

    /// <summary>The elements of an array property with their paths.</summary>
    public IReadOnlyList<(JsonElement Element, string Path)> RequiredArray(string name, string what) =>
        ReadArray(Required(name, what), PathOf(name), what);

    public IReadOnlyList<(JsonElement Element, string Path)> OptionalArray(string name, string what) =>
        Optional(name) is { } value ? ReadArray(value, PathOf(name), what) : [];

    public IReadOnlyList<(JsonElement Element, string Path)> ReadArray(JsonElement element, string path, string what)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw Fail(path, $"{what} as a JSON array, got {JsonPathText.Describe(element)}");
        var items = new List<(JsonElement, string)>(element.GetArrayLength());
        var k = 0;
        foreach (var item in element.EnumerateArray()) items.Add((item, JsonPathText.Index(path, k++)));
        return items;
    }

    public double ReadNumber(JsonElement element, string path, string what, NumberRule rule)
    {
        var condition = rule switch
        {
            NumberRule.NonNegative => "a finite number >= 0",
            NumberRule.Positive => "a finite number > 0",
            _ => "a finite number",
        };
        if (element.ValueKind != JsonValueKind.Number)
            throw Fail(path, $"{what} as {condition}, got {JsonPathText.Describe(element)}");
        if (!element.TryGetDouble(out var value) || !double.IsFinite(value))
            throw Fail(path, $"{what} as {condition}, got {element.GetRawText()}, which is not a finite double");
        var ok = rule switch
        {
            NumberRule.NonNegative => value >= 0,
            NumberRule.Positive => value > 0,
            _ => true,
        };
        return ok ? value : throw Fail(path, $"{what} as {condition}, got {JsonPathText.Number(value)}");
    }

    public int ReadInteger(JsonElement element, string path, string what) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value)
            ? value
            : throw Fail(path, $"{what} as an integer, got {JsonPathText.Describe(element)}");

    public string ReadString(JsonElement element, string path, string what) =>
        element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } text
            ? text
            : throw Fail(path, $"{what} as a non-empty string, got {JsonPathText.Describe(element)}");
}
