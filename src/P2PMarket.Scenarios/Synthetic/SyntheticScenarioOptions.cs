using P2PMarket.Grid;
using P2PMarket.Prosumers;

namespace P2PMarket.Scenarios.Synthetic;

/// <summary>Knobs of <see cref="SyntheticScenarioGenerator"/>; the defaults give the benchmark populations of MODEL.md sec. 10.</summary>
public sealed record SyntheticScenarioOptions
{
    /// <summary>Prosumers per non-substation bus: the feeder has about prosumers / this many buses.</summary>
    public double ProsumersPerBus { get; init; } = 5.0;

    /// <summary>Smallest number of non-substation buses.</summary>
    public int MinBuses { get; init; } = 10;

    /// <summary>Largest number of non-substation buses.</summary>
    public int MaxBuses { get; init; } = 2000;

    /// <summary>Line-to-line base voltage, kV.</summary>
    public double BaseKv { get; init; } = 12.66;

    /// <summary>Power base, MVA.</summary>
    public double BaseMva { get; init; } = 10.0;

    /// <summary>Feeder-wide voltage limits, p.u.</summary>
    public VoltageLimits VoltageLimits { get; init; } = new(0.95, 1.05);

    /// <summary>Lowest LinDistFlow voltage with the passive loads only, p.u.: every drawn section length is scaled
    /// by one factor to reach it, so the base point is feasible with a margin above <see cref="VoltageLimits"/>
    /// and prosumers can push voltages to the limits at any feeder size.</summary>
    public double BaseMinVoltagePu { get; init; } = 0.97;

    /// <summary>Market-wide retail contract, $/kWh.</summary>
    public RetailPrices Retail { get; init; } = new(0.25, 0.05);

    /// <summary>Trade limit Tmax of every pair, kW.</summary>
    public double TradeLimitKw { get; init; } = 25.0;

    /// <summary>Smallest number of partners per prosumer (fewer only if the population is too small).</summary>
    public int MinPartners { get; init; } = 3;

    /// <summary>Largest number of partners per prosumer.</summary>
    public int MaxPartners { get; init; } = 6;

    /// <summary>Share of prosumers that get one partner drawn anywhere on the feeder (the others trade nearby).</summary>
    public double FarPartnerShare { get; init; } = 0.1;

    /// <summary>Share of branches (besides the substation branch, which always has one) with a thermal limit.</summary>
    public double LimitedBranchShare { get; init; } = 0.1;
}
