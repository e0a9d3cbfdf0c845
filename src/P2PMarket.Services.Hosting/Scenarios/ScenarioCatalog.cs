using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using P2PMarket.Scenarios;

namespace P2PMarket.Services.Hosting.Scenarios;

/// <summary>
/// Resolves a scenario by id, the same way in every service, so the three processes agree on the market
/// without sending it: scenarios registered in code, then <c>*.json</c> files of the configured folder (e.g. a
/// Kubernetes ConfigMap mount). Each service then reads only its role's part (DESIGN.md "Roles"). Resolved
/// scenarios are cached; thread-safe.
/// </summary>
public sealed class ScenarioCatalog
{
    private readonly ConcurrentDictionary<string, Lazy<Scenario>> cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<Scenario>> registered = new(StringComparer.Ordinal);
    private readonly string? directory;

    /// <summary>Creates the catalog.</summary>
    public ScenarioCatalog(IOptions<ScenarioCatalogOptions> options, IEnumerable<ScenarioRegistration> registrations)
    {
        directory = string.IsNullOrWhiteSpace(options.Value.Directory) ? null : options.Value.Directory;
        foreach (var registration in registrations) registered[registration.Id] = registration.Build;
    }

    /// <summary>Returns the scenario with id <paramref name="scenarioId"/>.</summary>
    /// <exception cref="ScenarioNotFoundException">No scenario has this id.</exception>
    /// <exception cref="ScenarioUnusableException">The scenario's file or parameters are invalid.</exception>
    public Scenario Resolve(string scenarioId)
    {
        if (string.IsNullOrWhiteSpace(scenarioId)) throw new ScenarioNotFoundException(scenarioId, Expectation);
        var lazy = cache.GetOrAdd(scenarioId, id => new Lazy<Scenario>(() => Load(id), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            cache.TryRemove(new KeyValuePair<string, Lazy<Scenario>>(scenarioId, lazy)); // a later fix of the file is picked up
            throw;
        }
    }

    private string Expectation => "a registered scenario"
        + (registered.Count > 0 ? $" ({string.Join(", ", registered.Keys.Order(StringComparer.Ordinal))})" : "")
        + (directory is null ? "" : $" or a *.json file in {directory}");

    private Scenario Load(string id)
    {
        if (registered.TryGetValue(id, out var build)) return Guard(id, build);
        throw new ScenarioNotFoundException(id, Expectation);
    }

    private static Scenario Guard(string id, Func<Scenario> build)
    {
        try
        {
            return build();
        }
        catch (Exception e) when (e is not ScenarioNotFoundException and not ScenarioUnusableException)
        {
            throw new ScenarioUnusableException(id, e);
        }
    }
}
