using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using P2PMarket.Services.Hosting.Scenarios;
using P2PMarket.Services.Hosting.Telemetry;

namespace P2PMarket.Services.Hosting.Coordinator;

/// <summary>Wiring of the coordinator service (one extension per service, STYLE.md).</summary>
public static class CoordinatorHostingExtensions
{
    /// <summary>Adds the coordinator's services, options (section <c>Coordinator</c>: the operator's and the gateways'
    /// addresses, timeouts; validated at start-up), channels, the scenario catalog, health and telemetry.</summary>
    public static IHostApplicationBuilder AddCoordinator(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDefaults("coordinator", TelemetryNames.Coordinator);
        builder.Services.AddScenarioCatalog();
        builder.Services.AddOptions<CoordinatorOptions>().BindConfiguration(CoordinatorOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CoordinatorOptions>, CoordinatorOptionsValidator>());
        builder.Services.TryAddSingleton<IServiceChannelProvider, GrpcChannelProvider>();
        builder.Services.AddSingleton<ClearingRegistry>();
        builder.Services.AddSingleton<ClearingRunner>();
        builder.Services.AddSingleton<CoordinatorTelemetry>();
        return builder;
    }

    /// <summary>Maps the coordinator's gRPC service and health.</summary>
    public static IEndpointRouteBuilder MapCoordinator(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<CoordinatorGrpcService>();
        endpoints.MapServiceDefaults();
        return endpoints;
    }
}
