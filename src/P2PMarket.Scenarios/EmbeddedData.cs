using System.Reflection;

namespace P2PMarket.Scenarios;

/// <summary>
/// The files embedded in this assembly under <c>Data/</c> and <c>Schema/</c>, by their path relative to
/// that folder (resource names <c>P2PMarket.Scenarios.Data.ieee69/buses.csv</c>, ...).
/// </summary>
internal static class EmbeddedData
{
    private const string DataPrefix = "P2PMarket.Scenarios.Data.";
    private static readonly Assembly Assembly = typeof(EmbeddedData).Assembly;

    /// <summary>Paths relative to <c>Data/</c> of every embedded data file, '/'-separated.</summary>
    public static IEnumerable<string> DataFiles =>
        Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(DataPrefix, StringComparison.Ordinal))
            .Select(n => n[DataPrefix.Length..].Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    /// <summary>Opens <c>Data/<paramref name="relativePath"/></c>, or returns null if it is not embedded.</summary>
    public static TextReader? OpenData(string relativePath) => Open(DataPrefix, relativePath);

    /// <summary>Opens <c>Schema/<paramref name="fileName"/></c>, or returns null.</summary>
    public static TextReader? OpenSchema(string fileName) => Open("P2PMarket.Scenarios.Schema.", fileName);

    private static TextReader? Open(string prefix, string relativePath)
    {
        var wanted = relativePath.Replace('\\', '/');
        var name = Assembly.GetManifestResourceNames()
            .FirstOrDefault(n => n.StartsWith(prefix, StringComparison.Ordinal) && n[prefix.Length..].Replace('\\', '/') == wanted);
        return name is null ? null : new StreamReader(Assembly.GetManifestResourceStream(name)!);
    }
}
