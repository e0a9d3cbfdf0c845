using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using P2PMarket.Services.Hosting.Scenarios;
using P2PMarket.Services.Hosting.Telemetry;

namespace P2PMarket.Services.Hosting.ProsumerGateway;

/// <summary>Wiring of the prosumer gateway service (one extension per service, STYLE.md).</summary>
public static class ProsumerGatewayHostingExtensions
{
    /// <summary>Adds the gateway's services, options (section <c>ProsumerGateway</c>; the shard index defaults to the
    /// host name's ordinal, or 0 when there is one shard; validated at start-up), the scenario catalog, health and telemetry.</summary>
    public static IHostApplicationBuilder AddProsumerGateway(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDefaults("prosumer-gateway", TelemetryNames.ProsumerGateway);
        builder.Services.AddScenarioCatalog();
        builder.Services.AddOptions<ProsumerGatewayOptions>()
            .BindConfiguration(ProsumerGatewayOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) =>
                options.ShardIndex ??= options.ShardCount == 1 ? 0 : ProsumerGatewayOptions.OrdinalOf(configuration["HOSTNAME"]))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProsumerGatewayOptions>, ProsumerGatewayOptionsValidator>());
        builder.Services.TryAddSingleton<IShardPortFactory, ProsumerShardPortFactory>();
        builder.Services.AddSingleton<SettlementBook>();
        builder.Services.AddSingleton<ProsumerGatewayTelemetry>();
        return builder;
    }

    /// <summary>Maps the gateway's gRPC service and health.</summary>
    public static IEndpointRouteBuilder MapProsumerGateway(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<ProsumerGatewayGrpcService>();
        endpoints.MapServiceDefaults();
        return endpoints;
    }
}
