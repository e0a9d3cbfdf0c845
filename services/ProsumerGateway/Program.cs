using P2PMarket.Services.Hosting.ProsumerGateway;

namespace P2PMarket.Services.ProsumerGateway;

/// <summary>A prosumer gateway service hosting one shard (DESIGN.md "Roles and processes").</summary>
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>Runs the service until stopped.</summary>
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddProsumerGateway();
        var app = builder.Build();
        app.MapProsumerGateway();
        app.Run();
    }
}
