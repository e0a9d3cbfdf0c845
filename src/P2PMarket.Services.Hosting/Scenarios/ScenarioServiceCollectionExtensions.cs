using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using P2PMarket.Scenarios;

namespace P2PMarket.Services.Hosting.Scenarios;

/// <summary>Registers the <see cref="ScenarioCatalog"/> every service resolves scenarios from.</summary>
public static class ScenarioServiceCollectionExtensions
{
    /// <summary>Adds the catalog with options bound from the <c>Scenarios</c> section, validated at start-up.</summary>
    public static IServiceCollection AddScenarioCatalog(this IServiceCollection services)
    {
        services.AddOptions<ScenarioCatalogOptions>().BindConfiguration(ScenarioCatalogOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScenarioCatalogOptions>, ScenarioCatalogOptionsValidator>());
        services.TryAddSingleton<ScenarioCatalog>();
        return services;
    }

    /// <summary>Serves a scenario built in code under <paramref name="id"/>.</summary>
    public static IServiceCollection AddScenario(this IServiceCollection services, string id, Func<Scenario> build)
        => services.AddSingleton(new ScenarioRegistration(id, build));
}

/// <summary>Checks <see cref="ScenarioCatalogOptions"/> at start-up.</summary>
internal sealed class ScenarioCatalogOptionsValidator : IValidateOptions<ScenarioCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, ScenarioCatalogOptions options) =>
        options.Directory is { Length: > 0 } directory && !System.IO.Directory.Exists(directory)
            ? ValidateOptionsResult.Fail($"{ScenarioCatalogOptions.Section}:Directory: expected an existing folder of scenario files, got '{directory}'")
            : ValidateOptionsResult.Success;
}
