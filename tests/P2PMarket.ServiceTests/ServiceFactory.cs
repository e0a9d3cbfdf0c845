using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace P2PMarket.ServiceTests;

/// <summary>A service hosted in memory (<see cref="WebApplicationFactory{TEntryPoint}"/>) from its real Program, with the
/// test scenarios registered, extra settings and registrations; <see cref="Channel"/> reaches it through TestServer.</summary>
/// <typeparam name="TProgram">The service's entry point.</typeparam>
public sealed class ServiceFactory<TProgram> : WebApplicationFactory<TProgram> where TProgram : class
{
    private readonly IReadOnlyDictionary<string, string?>? settings;
    private readonly Action<IServiceCollection>? configure;
    private GrpcChannel? channel;

    /// <summary>The service with extra settings and registrations.</summary>
    public ServiceFactory(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        this.settings = settings;
        this.configure = configure;
    }

    /// <summary>A channel to the in-memory service (created once).</summary>
    public GrpcChannel Channel => channel ??= GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(services =>
        {
            TestScenarios.Register(services);
            configure?.Invoke(services);
        });
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        channel?.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>The network operator in memory, shared by a test class.</summary>
public sealed class NetworkOperatorFixture : IDisposable
{
    /// <summary>The hosted service.</summary>
    public ServiceFactory<Services.NetworkOperator.Program> Factory { get; } = new();

    /// <inheritdoc />
    public void Dispose() => Factory.Dispose();
}

/// <summary>Gateway 1 of 2 in memory, shared by a test class.</summary>
public sealed class GatewayFixture : IDisposable
{
    /// <summary>The hosted service.</summary>
    public ServiceFactory<Services.ProsumerGateway.Program> Factory { get; } = new(new Dictionary<string, string?>
    {
        ["ProsumerGateway:ShardIndex"] = "1",
        ["ProsumerGateway:ShardCount"] = "2",
    });

    /// <inheritdoc />
    public void Dispose() => Factory.Dispose();
}
