using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using P2PMarket.Services.Hosting.Scenarios;
using P2PMarket.Services.Hosting.Telemetry;

namespace P2PMarket.Services.Hosting.NetworkOperator;

/// <summary>Wiring of the network operator service (one extension per service, STYLE.md).</summary>
public static class NetworkOperatorHostingExtensions
{
    /// <summary>Adds the operator's services, options (section <c>NetworkOperator</c>, validated at start-up),
    /// the scenario catalog, health and telemetry.</summary>
    public static IHostApplicationBuilder AddNetworkOperator(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDefaults("network-operator", TelemetryNames.NetworkOperator);
        builder.Services.AddScenarioCatalog();
        builder.Services.AddOptions<NetworkOperatorOptions>().BindConfiguration(NetworkOperatorOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NetworkOperatorOptions>, NetworkOperatorOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<NetworkSessionRegistry>();
        builder.Services.AddSingleton<NetworkOperatorTelemetry>();
        return builder;
    }

    /// <summary>Maps the operator's gRPC service and health.</summary>
    public static IEndpointRouteBuilder MapNetworkOperator(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<NetworkOperatorGrpcService>();
        endpoints.MapServiceDefaults();
        return endpoints;
    }
}
