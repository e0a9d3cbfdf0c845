namespace P2PMarket.Clearing.Results;

/// <summary>Market-wide figures (MODEL.md sec. 9). Money in $ per interval.</summary>
/// <param name="WelfareUsd">Social welfare <c>-sum_i C_i</c>, $.</param>
/// <param name="PayoffSumUsd"><c>sum_i payoff_i</c> = welfare - operator surplus (trade payments cancel), $.</param>
/// <param name="OperatorSurplusUsd">The operator's merchandising surplus <c>sum_i networkPrice_i p_i</c>, $.</param>
/// <param name="TradedVolumeKw">Sum over pairs (each once) of <c>|t_ij|</c>, kW.</param>
/// <param name="EnergyPriceUsdPerKwh">Energy component of the DLMPs, $/kWh; null = undefined.</param>
/// <param name="EnergyPriceSource"><c>trades</c>, <c>retailImport</c>, <c>retailExport</c> or <c>undefined</c>.</param>
/// <param name="RetailImportKw">Sum of retail imports, kW.</param>
/// <param name="RetailExportKw">Sum of retail exports, kW.</param>
/// <param name="LossLinearKw">LinDistFlow losses at the cleared injections, kW.</param>
/// <param name="LossAcKw">AC losses at the cleared injections, kW.</param>
/// <param name="MinVoltageLinearPu">Lowest LinDistFlow voltage, p.u.</param>
/// <param name="MaxVoltageLinearPu">Highest LinDistFlow voltage, p.u.</param>
/// <param name="MinVoltageAcPu">Lowest AC voltage, p.u.</param>
/// <param name="MaxVoltageAcPu">Highest AC voltage, p.u.</param>
/// <param name="VoltageViolationLinearPu">Largest LinDistFlow voltage excursion beyond [Vmin, Vmax], p.u. (0 = none).</param>
/// <param name="FlowViolationLinearKw">Largest LinDistFlow flow beyond its limit, kW (0 = none).</param>
/// <param name="VoltageViolationAcPu">Largest AC voltage excursion beyond [Vmin, Vmax], p.u. (0 = none).</param>
/// <param name="FlowViolationAcKw">Largest AC sending-end flow beyond its limit, kW (0 = none).</param>
/// <param name="ViolatedRowsLinear">Rows of <c>A P &lt;= b</c> violated (beyond the binding tolerance).</param>
/// <param name="ViolatedLimitsAc">Voltage and flow limits violated in the AC power flow (beyond 1e-6 p.u. or kW).</param>
/// <param name="AcConverged">True if the AC power flow converged.</param>
public sealed record MarketTotals(
    double WelfareUsd,
    double PayoffSumUsd,
    double OperatorSurplusUsd,
    double TradedVolumeKw,
    double? EnergyPriceUsdPerKwh,
    string EnergyPriceSource,
    double RetailImportKw,
    double RetailExportKw,
    double LossLinearKw,
    double LossAcKw,
    double MinVoltageLinearPu,
    double MaxVoltageLinearPu,
    double MinVoltageAcPu,
    double MaxVoltageAcPu,
    double VoltageViolationLinearPu,
    double FlowViolationLinearKw,
    double VoltageViolationAcPu,
    double FlowViolationAcKw,
    int ViolatedRowsLinear,
    int ViolatedLimitsAc,
    bool AcConverged);
