using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace P2PMarket.Cli.Running;

/// <summary>
/// The three services as separate processes on loopback ports (<c>run --processes</c>): the NetworkOperator, one
/// ProsumerGateway per shard and the Coordinator, each started from its own build output with its configuration in
/// environment variables, and waited for through <c>grpc.health.v1</c>. Disposing stops them all.
/// </summary>
public sealed class ServiceProcesses : IAsyncDisposable
{
    private readonly List<Process> processes = [];

    private ServiceProcesses(Uri coordinator, Uri networkOperator, Uri[] gateways)
    {
        Coordinator = coordinator;
        NetworkOperator = networkOperator;
        Gateways = gateways;
    }

    /// <summary>The coordinator's address.</summary>
    public Uri Coordinator { get; }

    /// <summary>The operator's address.</summary>
    public Uri NetworkOperator { get; }

    /// <summary>Each gateway's address, shard order.</summary>
    public Uri[] Gateways { get; }

    /// <summary>Starts the services; scenario files are looked up in <paramref name="scenarioDirectory"/> (may be null).</summary>
    public static async Task<ServiceProcesses> StartAsync(int gatewayCount, string? scenarioDirectory, CancellationToken cancellationToken)
    {
        Uri Address() => new($"http://127.0.0.1:{FreePort()}");
        var services = new ServiceProcesses(Address(), Address(), Enumerable.Range(0, gatewayCount).Select(_ => Address()).ToArray());
        try
        {
            var common = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" };
            if (scenarioDirectory is not null) common["Scenarios__Directory"] = scenarioDirectory;
            services.Start("NetworkOperator", services.NetworkOperator, common);
            for (var g = 0; g < gatewayCount; g++)
                services.Start("ProsumerGateway", services.Gateways[g], new(common)
                {
                    ["ProsumerGateway__ShardIndex"] = $"{g}",
                    ["ProsumerGateway__ShardCount"] = $"{gatewayCount}",
                });
            var coordinator = new Dictionary<string, string>(common) { ["Coordinator__NetworkOperatorAddress"] = services.NetworkOperator.ToString() };
            for (var g = 0; g < gatewayCount; g++) coordinator[$"Coordinator__GatewayAddresses__{g}"] = services.Gateways[g].ToString();
            services.Start("Coordinator", services.Coordinator, coordinator);
            foreach (var address in services.Gateways.Append(services.NetworkOperator).Append(services.Coordinator))
                await WaitHealthyAsync(address, services, cancellationToken);
            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    private void Start(string service, Uri address, Dictionary<string, string> environment)
    {
        var dll = ServiceAssembly(service);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = address.ToString();
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start the {service} service ({dll})");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[{service} {address.Port}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes.Add(process);
    }

    /// <summary>The service's build output, next to its project: built with the CLI (see the project file).</summary>
    private static string ServiceAssembly(string service)
    {
        var metadata = typeof(ServiceProcesses).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>();
        var root = metadata.Single(m => m.Key == "ServicesRoot").Value!;
        var configuration = metadata.Single(m => m.Key == "Configuration").Value!;
        var dll = Path.Combine(root, service, "bin", configuration, "net10.0", $"P2PMarket.Services.{service}.dll");
        return File.Exists(dll) ? dll : throw new UsageException("--processes", $"the built {service} service at {dll}; build the solution first");
    }

    private static async Task WaitHealthyAsync(Uri address, ServiceProcesses services, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (services.processes.FirstOrDefault(p => p.HasExited) is { } exited)
                throw new InvalidOperationException($"a service process exited with code {exited.ExitCode} while starting (see its messages above)");
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving) return;
            }
            catch (Grpc.Core.RpcException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow >= deadline) throw new TimeoutException($"the service at {address} did not report SERVING within 60 s");
            await Task.Delay(200, cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }
            process.Dispose();
        }
    }
}
