using Grpc.Core;
using Microsoft.Extensions.Options;
using P2PMarket.Scenarios;
using P2PMarket.Services.Hosting.Protocol;
using P2PMarket.Services.Hosting.Scenarios;

namespace P2PMarket.ServiceTests.Units;

/// <summary>Every service resolves scenarios by id the same way: registered, shipped, synthetic, or a file of the folder.</summary>
public sealed class ScenarioCatalogTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("p2pmarket-catalog-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private ScenarioCatalog Catalog(string? directory = null, params ScenarioRegistration[] registrations) =>
        new(Options.Create(new ScenarioCatalogOptions { Directory = directory }), registrations);

    [Fact]
    public void Shipped_and_synthetic_ids_resolve_and_are_cached()
    {
        var catalog = Catalog();
        var ieee69 = catalog.Resolve(ShippedScenarios.Ieee69Name);
        Assert.Equal(69, ieee69.Feeder.BusCount);
        Assert.Same(ieee69, catalog.Resolve(ShippedScenarios.Ieee69Name));
        var synthetic = catalog.Resolve("synthetic:20:3");
        Assert.Equal(20, synthetic.Prosumers.Count);
        Assert.Equal(Bits.Of(synthetic.Prosumers.Select(p => p.PvAvailableKw)),
            Bits.Of(Catalog().Resolve("synthetic:20:3").Prosumers.Select(p => p.PvAvailableKw))); // seeded: every service builds the same market
    }

    [Fact]
    public void A_json_file_in_the_folder_resolves_by_its_name_with_or_without_extension()
    {
        var scenario = TestScenarios.Radial(6, 5, 2);
        File.WriteAllText(Path.Combine(folder, "feeder-a.json"), ScenarioWriter.Write(scenario));
        var catalog = Catalog(folder);
        Assert.Equal(5, catalog.Resolve("feeder-a").Prosumers.Count);
        Assert.Equal(5, catalog.Resolve("feeder-a.json").Prosumers.Count);
    }

    [Theory]
    [InlineData("no-such-scenario")]
    [InlineData("synthetic:ten:1")]
    [InlineData("../etc/passwd")]
    [InlineData("sub/feeder-a")]
    public void Unknown_ids_are_not_found_and_never_leave_the_folder(string id)
    {
        File.WriteAllText(Path.Combine(folder, "feeder-a.json"), ScenarioWriter.Write(TestScenarios.Radial(6, 5, 2)));
        var error = Assert.Throws<RpcException>(() => Catalog(folder).ResolveForCall(id));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.StartsWith("scenario_id: no scenario", error.Status.Detail);
    }

    [Fact]
    public void An_invalid_file_is_failed_precondition_naming_the_file()
    {
        File.WriteAllText(Path.Combine(folder, "broken.json"), "{ \"feeder\": 3 }");
        var error = Assert.Throws<RpcException>(() => Catalog(folder).ResolveForCall("broken"));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("broken.json", error.Status.Detail);
    }

    [Fact]
    public void Registered_scenarios_win_and_are_built_once()
    {
        var builds = 0;
        var catalog = Catalog(null, new ScenarioRegistration("ieee69", () =>
        {
            builds++;
            return TestScenarios.Radial(6, 5, 2);
        }));
        Assert.Equal(6, catalog.Resolve("ieee69").Feeder.BusCount);
        Assert.Equal(6, catalog.Resolve("ieee69").Feeder.BusCount);
        Assert.Equal(1, builds);
    }
}
