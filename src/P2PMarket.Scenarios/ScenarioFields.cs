namespace P2PMarket.Scenarios;

/// <summary>Property names of scenario format v1 (<c>Schema/scenario.schema.json</c>), shared by the loader and the writer.</summary>
internal static class ScenarioFields
{
    public const int SchemaVersion = 1;

    /// <summary>Prefix of a CSV path that names a file embedded in this library, e.g. <c>embedded:ieee69/buses.csv</c>.</summary>
    public const string EmbeddedPrefix = "embedded:";

    public static readonly string[] Root =
        ["$schema", "schemaVersion", "name", "description", "feeder", "voltageLimits", "retail", "trading", "prosumers", "market"];

    public static readonly string[] Feeder =
        ["name", "baseKv", "baseMva", "substationVoltagePu", "buses", "branches", "busesCsv", "branchesCsv", "loadScale", "branchLimitsKw"];

    public static readonly string[] Bus = ["label", "loadKw", "loadKvar"];

    public static readonly string[] Branch = ["from", "to", "rOhm", "xOhm", "limitKw"];

    public static readonly string[] VoltageLimits = ["vminPu", "vmaxPu"];

    public static readonly string[] Retail = ["importPricePerKwh", "exportPricePerKwh"];

    public static readonly string[] Trading = ["defaultLimitKw", "feePerKwh", "frictionPerKw2", "pairs"];

    public static readonly string[] Pair = ["between", "limitKw", "feePerKwh", "frictionPerKw2"];

    public static readonly string[] Prosumer =
    [
        "id", "bus", "fixedLoadKw", "pvAvailableKw", "generationMaxKw", "generationCostQuadraticPerKw2",
        "generationCostLinearPerKwh", "demandMinKw", "demandMaxKw", "utilityLinearPerKwh", "utilityQuadraticPerKw2",
        "retailLimitKw", "weight", "partners",
    ];

    public static readonly string[] Market = ["relativeTolerance", "absoluteTolerance", "maxIterations", "initialRhoPerKw2", "intervalHours"];

    public const double DefaultFeePerKwh = 0.001;
    public const double DefaultFrictionPerKw2 = 1e-6;
}
