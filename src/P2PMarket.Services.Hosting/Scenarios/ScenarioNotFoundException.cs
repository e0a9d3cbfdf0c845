namespace P2PMarket.Services.Hosting.Scenarios;

/// <summary>No scenario has the requested id. The services answer <c>NOT_FOUND</c> naming <c>scenario_id</c>.</summary>
public sealed class ScenarioNotFoundException(string scenarioId, string expectation)
    : Exception($"scenario_id: no scenario '{scenarioId}'; expected {expectation}")
{
    /// <summary>The id asked for.</summary>
    public string ScenarioId { get; } = scenarioId;
}
