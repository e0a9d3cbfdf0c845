using P2PMarket.Scenarios;

namespace P2PMarket.Services.Hosting.Scenarios;

/// <summary>A scenario built in code and served under <paramref name="Id"/> (tests, or a CLI that generated
/// one); registered with <see cref="ScenarioServiceCollectionExtensions.AddScenario"/>.</summary>
/// <param name="Id">Scenario id the services resolve.</param>
/// <param name="Build">Builds the scenario once, on first use.</param>
public sealed record ScenarioRegistration(string Id, Func<Scenario> Build);
