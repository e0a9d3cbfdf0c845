using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace P2PMarket.Services.Hosting.Telemetry;

/// <summary>
/// What every service shares (STYLE.md, after eShop's service defaults): Kestrel speaking HTTP/2 without TLS
/// (h2c) with keep-alive pings, gRPC with room for large batches, <c>grpc.health.v1</c>, and OpenTelemetry
/// tracing and metrics for the service's own <c>ActivitySource</c> and <c>Meter</c>, exported over OTLP only
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class ServiceDefaults
{
    /// <summary>Largest gRPC message accepted, bytes (a 10,000-prosumer shard step is a few MB).</summary>
    public const int MaxMessageBytes = 64 * 1024 * 1024;

    /// <summary>Adds the shared defaults for a service named <paramref name="serviceName"/> whose spans and
    /// metrics use <paramref name="telemetryName"/>.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName, string telemetryName)
    {
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2);
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(20);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
        });
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = MaxMessageBytes;
            grpc.MaxSendMessageSize = MaxMessageBytes;
        });
        builder.Services.AddGrpcHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live", "ready"]);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(telemetryName)
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = http => !http.Request.Path.StartsWithSegments("/grpc.health.v1.Health")))
            .WithMetrics(metrics => metrics.AddMeter(telemetryName));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>Maps <c>grpc.health.v1.Health</c> (used by the Kubernetes gRPC probes).</summary>
    public static IEndpointRouteBuilder MapServiceDefaults(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcHealthChecksService();
        return endpoints;
    }
}
