using P2PMarket.Services.Hosting.NetworkOperator;

namespace P2PMarket.Services.NetworkOperator;

/// <summary>The network operator service (DESIGN.md "Roles and processes").</summary>
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>Runs the service until stopped.</summary>
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddNetworkOperator();
        var app = builder.Build();
        app.MapNetworkOperator();
        app.Run();
    }
}
