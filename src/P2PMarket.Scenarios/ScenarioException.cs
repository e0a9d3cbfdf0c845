namespace P2PMarket.Scenarios;

/// <summary>
/// An invalid scenario file. The message names the source (file), the JSON path of the offending field
/// (e.g. <c>$.prosumers[3].partners[1]</c>) and what was expected there.
/// </summary>
public sealed class ScenarioException : Exception
{
    /// <summary>Creates the error; <paramref name="inner"/> keeps a wrapped cause such as a <c>FeederDataException</c>.</summary>
    public ScenarioException(string source, string jsonPath, string expectation, Exception? inner = null)
        : base($"{source}: {jsonPath}: expected {expectation}", inner)
    {
        DataSource = source;
        JsonPath = jsonPath;
        Expectation = expectation;
    }

    /// <summary>File or other origin of the scenario, e.g. <c>ieee69.json</c>.</summary>
    public string DataSource { get; }

    /// <summary>JSONPath of the offending field, e.g. <c>$.prosumers[3].partners[1]</c>; <c>$</c> for the whole document.</summary>
    public string JsonPath { get; }

    /// <summary>What was expected of the field (and what was found).</summary>
    public string Expectation { get; }
}
