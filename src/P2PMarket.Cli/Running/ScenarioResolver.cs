using P2PMarket.Scenarios;
using P2PMarket.Scenarios.Synthetic;

namespace P2PMarket.Cli.Running;

/// <summary>Turns the <c>--scenario</c> argument into a scenario: a shipped name (<c>ieee69</c>, <c>toy4</c>),
/// <c>synthetic:PROSUMERS:SEED</c>, or a path to a scenario JSON file.</summary>
public static class ScenarioResolver
{
    /// <summary>Loads the scenario named by <paramref name="argument"/>.</summary>
    /// <exception cref="UsageException">The argument names no scenario.</exception>
    /// <exception cref="ScenarioException">The file is invalid; the message names the file, field and expectation.</exception>
    public static Scenario Resolve(string argument)
    {
        if (ShippedScenarios.Names.Contains(argument)) return ShippedScenarios.Load(argument);
        if (argument.StartsWith("synthetic:", StringComparison.Ordinal))
        {
            var parts = argument.Split(':');
            if (parts.Length != 3 || !int.TryParse(parts[1], out var count) || count < 2 || !int.TryParse(parts[2], out var seed))
                throw new UsageException("--scenario", $"synthetic:PROSUMERS:SEED with PROSUMERS >= 2 and an integer SEED, got '{argument}'");
            return SyntheticScenarioGenerator.Generate(count, seed);
        }
        if (!File.Exists(argument))
            throw new UsageException("--scenario",
                $"a shipped scenario ({string.Join(", ", ShippedScenarios.Names)}), synthetic:PROSUMERS:SEED, or an existing scenario JSON file; got '{argument}'");
        return ScenarioLoader.Load(argument);
    }
}
