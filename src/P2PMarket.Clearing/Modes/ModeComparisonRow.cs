namespace P2PMarket.Clearing.Modes;

/// <summary>One mode's line of the side-by-side comparison (MODEL.md sec. 9). Money in $ per market interval.</summary>
/// <param name="Mode">Mode name (<c>unconstrained</c>, <c>discard</c>, <c>oe</c>, <c>ve</c>, <c>nne</c>, or a variant).</param>
/// <param name="WelfareUsd">Social welfare <c>-sum_i C_i</c>, $.</param>
/// <param name="OperatorSurplusUsd">The operator's merchandising surplus <c>sum_i networkPrice_i p_i</c>, $.</param>
/// <param name="TradedVolumeKw">Sum over pairs (each once) of the traded quantity, kW.</param>
/// <param name="LinearViolationKw">Largest <c>(A P - b)_k / ||A_k||</c> over the mode's rows, kW of injection (&lt;= 0 = feasible).</param>
/// <param name="AcVoltageViolationPu">Largest AC voltage excursion beyond [Vmin, Vmax], p.u. (0 = none).</param>
/// <param name="AcFlowViolationKw">Largest AC sending-end flow beyond its limit, kW (0 = none).</param>
/// <param name="Iterations">ADMM local steps, summed over the mode's clearings.</param>
/// <param name="WallSeconds">Wall time of the clearing(s), s.</param>
/// <param name="Converged">True if every clearing of the mode converged.</param>
/// <param name="PayoffUsd">Per prosumer, in scenario order: its payoff, $.</param>
public sealed record ModeComparisonRow(
    string Mode,
    double WelfareUsd,
    double OperatorSurplusUsd,
    double TradedVolumeKw,
    double LinearViolationKw,
    double AcVoltageViolationPu,
    double AcFlowViolationKw,
    int Iterations,
    double WallSeconds,
    bool Converged,
    IReadOnlyList<double> PayoffUsd);
