namespace P2PMarket.Prosumers;

/// <summary>
/// A prosumer's private model (MODEL.md sec. 2). These numbers never leave the prosumer's gateway.
/// </summary>
/// <param name="Id">Stable identifier, unique in a scenario.</param>
/// <param name="Bus">Internal bus index of the feeder where the prosumer is connected.</param>
/// <param name="FixedLoadKw">Fixed load <c>l_i &gt;= 0</c>, kW.</param>
/// <param name="PvAvailableKw">Available PV <c>s_i &gt;= 0</c>, kW; any part may be curtailed at no cost.</param>
/// <param name="GenerationMaxKw">Dispatchable generation bound <c>Gmax_i &gt;= 0</c>, kW.</param>
/// <param name="GenerationCostQuadratic">Cost coefficient <c>a_i &gt; 0</c>, $/kW^2 per interval.</param>
/// <param name="GenerationCostLinear">Cost coefficient <c>c_i</c>, $/kWh.</param>
/// <param name="DemandMinKw">Flexible demand lower bound <c>Dmin_i &gt;= 0</c>, kW.</param>
/// <param name="DemandMaxKw">Flexible demand upper bound <c>Dmax_i &gt;= Dmin_i</c>, kW.</param>
/// <param name="UtilityLinear">Utility coefficient <c>alpha_i</c>, $/kWh.</param>
/// <param name="UtilityQuadratic">Utility coefficient <c>beta_i &gt; 0</c>, $/kW^2 per interval.</param>
/// <param name="RetailLimitKw">Retail contract bound <c>Emax_i &gt;= 0</c> on import and on export, kW (0 = no contract).</param>
/// <param name="Weight">NNE weight <c>r_i &gt; 0</c> (1 = variational equilibrium); network price is <c>eta / r_i</c>.</param>
public sealed record ProsumerParameters(
    string Id,
    int Bus,
    double FixedLoadKw,
    double PvAvailableKw,
    double GenerationMaxKw,
    double GenerationCostQuadratic,
    double GenerationCostLinear,
    double DemandMinKw,
    double DemandMaxKw,
    double UtilityLinear,
    double UtilityQuadratic,
    double RetailLimitKw,
    double Weight = 1.0);
