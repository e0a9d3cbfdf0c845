namespace P2PMarket.Clearing.Pricing;

/// <summary>Where the energy component of the DLMPs comes from (MODEL.md sec. 6).</summary>
public enum EnergyPriceSource
{
    /// <summary>The volume-weighted mean trade price, each pair counted once.</summary>
    Trades,

    /// <summary>No trade volume; some prosumer imports strictly inside its retail limit: the retail import price.</summary>
    RetailImport,

    /// <summary>No trade volume; some prosumer exports strictly inside its retail limit: the retail export price.</summary>
    RetailExport,

    /// <summary>No trade volume and no interior retail position (or interior imports and exports at once,
    /// which give no single marginal price): the energy price, and with it every DLMP total, is undefined (NaN).</summary>
    Undefined,
}
