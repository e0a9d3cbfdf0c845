namespace P2PMarket.Scenarios;

/// <summary>
/// The scenarios shipped inside this library (<c>Data/*.json</c>, embedded), e.g. the modified IEEE 69-bus
/// market of MODEL.md sec. 10 (design in <c>Data/README.md</c>).
/// </summary>
public static class ShippedScenarios
{
    /// <summary>Name of the modified IEEE 69-bus market scenario.</summary>
    public const string Ieee69Name = "ieee69";

    /// <summary>Names of the shipped scenarios (file names under <c>Data/</c> without <c>.json</c>).</summary>
    public static IReadOnlyList<string> Names =>
        EmbeddedData.DataFiles
            .Where(f => !f.Contains('/', StringComparison.Ordinal) && f.EndsWith(".json", StringComparison.Ordinal))
            .Select(f => f[..^".json".Length])
            .ToArray();

    /// <summary>The modified IEEE 69-bus market (38 prosumers, binding voltage and line limits).</summary>
    public static Scenario Ieee69() => Load(Ieee69Name);

    /// <summary>Loads the shipped scenario <paramref name="name"/> (e.g. <c>ieee69</c>).</summary>
    /// <exception cref="ArgumentException">No scenario of that name is shipped.</exception>
    /// <exception cref="ScenarioException">The shipped file is invalid (a packaging bug).</exception>
    public static Scenario Load(string name) => ScenarioLoader.Parse(ReadText(name), $"{name}.json");

    /// <summary>The JSON text of the shipped scenario <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No scenario of that name is shipped.</exception>
    public static string ReadText(string name)
    {
        using var reader = EmbeddedData.OpenData($"{name}.json")
            ?? throw new ArgumentException($"no shipped scenario '{name}'; shipped: {string.Join(", ", Names)}", nameof(name));
        return reader.ReadToEnd();
    }
}
