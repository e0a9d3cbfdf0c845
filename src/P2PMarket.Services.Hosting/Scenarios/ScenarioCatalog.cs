using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using P2PMarket.Scenarios;
using P2PMarket.Scenarios.Synthetic;

namespace P2PMarket.Services.Hosting.Scenarios;

/// <summary>
/// Resolves a scenario by id, the same way in every service, so the three processes agree on the market
/// without sending it: scenarios registered in code; the shipped ones by name (<c>ieee69</c>, ...);
/// <c>synthetic:&lt;prosumers&gt;:&lt;seed&gt;</c> from the seeded generator; then <c>&lt;id&gt;.json</c> (or <c>&lt;id&gt;</c>)
/// in the configured folder (e.g. a Kubernetes ConfigMap mount). Each service then reads only its role's part
/// (DESIGN.md "Roles"). Resolved scenarios are cached; thread-safe.
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

    /// <summary>Prefix of generated scenario ids: <c>synthetic:&lt;prosumers&gt;:&lt;seed&gt;</c>.</summary>
    public const string SyntheticPrefix = "synthetic:";

    private string Expectation => $"a shipped scenario ({string.Join(", ", ShippedScenarios.Names)}), {SyntheticPrefix}<prosumers>:<seed>"
        + (registered.Count > 0 ? $", a registered one ({string.Join(", ", registered.Keys.Order(StringComparer.Ordinal))})" : "")
        + (directory is null ? "" : $" or a scenario file <id>.json in {directory}");

    private Scenario Load(string id)
    {
        if (registered.TryGetValue(id, out var build)) return Guard(id, build);
        if (ShippedScenarios.Names.Contains(id)) return Guard(id, () => ShippedScenarios.Load(id));
        if (id.StartsWith(SyntheticPrefix, StringComparison.Ordinal))
        {
            var parts = id[SyntheticPrefix.Length..].Split(':');
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var prosumers)
                || !int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
                throw new ScenarioNotFoundException(id, $"{SyntheticPrefix}<prosumers>:<seed> with two integers");
            return Guard(id, () => SyntheticScenarioGenerator.Generate(prosumers, seed));
        }
        if (FileOf(id) is { } path) return Guard(id, () => ScenarioLoader.Load(path));
        throw new ScenarioNotFoundException(id, Expectation);
    }

    /// <summary>The scenario file for <paramref name="id"/> in the folder, or null; ids that are not plain file
    /// names (separators, "..") never leave the folder.</summary>
    private string? FileOf(string id)
    {
        if (directory is null || id.Contains("..", StringComparison.Ordinal) || id.IndexOfAny(['/', '\\', ':']) >= 0) return null;
        foreach (var name in new[] { id, $"{id}.json" })
        {
            var path = Path.Combine(directory, name);
            if (name.EndsWith(".json", StringComparison.Ordinal) && File.Exists(path)) return path;
        }
        return null;
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
