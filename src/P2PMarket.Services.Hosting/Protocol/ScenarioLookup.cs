using P2PMarket.Scenarios;
using P2PMarket.Services.Hosting.Scenarios;

namespace P2PMarket.Services.Hosting.Protocol;

/// <summary>Resolves a scenario for an RPC, mapping catalog errors to status codes.</summary>
public static class ScenarioLookup
{
    /// <summary>Returns the scenario, or throws <c>INVALID_ARGUMENT</c> (empty id), <c>NOT_FOUND</c> (unknown id) or
    /// <c>FAILED_PRECONDITION</c> (a file that does not load), each naming <paramref name="field"/>.</summary>
    public static Scenario ResolveForCall(this ScenarioCatalog catalog, string scenarioId, string field = "scenario_id")
    {
        if (string.IsNullOrWhiteSpace(scenarioId)) throw ServiceErrors.InvalidArgument(field, "a scenario id, got an empty string");
        try
        {
            return catalog.Resolve(scenarioId);
        }
        catch (ScenarioNotFoundException e)
        {
            throw ServiceErrors.NotFound(field, e.Message[(e.Message.IndexOf(':') + 2)..]);
        }
        catch (ScenarioUnusableException e)
        {
            throw ServiceErrors.FailedPrecondition(field, e.Message[(e.Message.IndexOf(':') + 2)..]);
        }
    }
}
