namespace P2PMarket.Services.Hosting.Scenarios;

/// <summary>The scenario exists but cannot be loaded (invalid file). The services answer <c>FAILED_PRECONDITION</c>.</summary>
public sealed class ScenarioUnusableException(string scenarioId, Exception inner)
    : Exception($"scenario_id: scenario '{scenarioId}' cannot be loaded: {inner.Message}", inner)
{
    /// <summary>The id asked for.</summary>
    public string ScenarioId { get; } = scenarioId;
}
