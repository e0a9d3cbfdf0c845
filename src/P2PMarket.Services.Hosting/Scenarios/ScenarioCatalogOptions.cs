namespace P2PMarket.Services.Hosting.Scenarios;

/// <summary>Where the services look for scenario files besides the shipped and synthetic ones
/// (configuration section <c>Scenarios</c>).</summary>
public sealed class ScenarioCatalogOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Scenarios";

    /// <summary>Folder of <c>*.json</c> scenario files, e.g. a Kubernetes ConfigMap mount; null = none.</summary>
    public string? Directory { get; set; }
}
