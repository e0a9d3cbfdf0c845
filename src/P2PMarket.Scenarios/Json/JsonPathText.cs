using System.Globalization;
using System.Text.Json;

namespace P2PMarket.Scenarios.Json;

/// <summary>JSONPath spelling of locations (<c>$.prosumers[3].partners[1]</c>, <c>$.feeder.branchLimitsKw['49-50']</c>)
/// and short descriptions of JSON values for error messages.</summary>
internal static class JsonPathText
{
    public const string Root = "$";

    public static string Property(string parent, string name) =>
        IsIdentifier(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    public static string Index(string parent, int index) => $"{parent}[{index.ToString(CultureInfo.InvariantCulture)}]";

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>"a string 'NaN'", "null", "an array", ... for "got ..." clauses.</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"a string '{Shorten(element.GetString() ?? "")}'",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$')) return false;
        return true;
    }
}
