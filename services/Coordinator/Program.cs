using P2PMarket.Services.Hosting.Coordinator;

namespace P2PMarket.Services.Coordinator;

/// <summary>The market coordinator service (DESIGN.md "Roles and processes").</summary>
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>Runs the service until stopped.</summary>
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddCoordinator();
        var app = builder.Build();
        app.MapCoordinator();
        app.Run();
    }
}
