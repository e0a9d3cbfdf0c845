using P2PMarket.Clearing.Modes;

namespace P2PMarket.Clearing.Losses;

/// <summary>One pass of <see cref="SuccessiveLinearization"/>: a linearization, the clearing on it, and how well the
/// linear rows predicted the AC power flow of the cleared injections.</summary>
/// <param name="Pass">Pass number, 1-based.</param>
/// <param name="LinearizationPointKw">Per bus: the injections the AC power flow was linearized around, kW (pass 1: none, the passive point).</param>
/// <param name="Run">The clearing on the re-linearized rows.</param>
/// <param name="VoltageErrorPu">Largest <c>|sqrt(w_linear) - V_ac|</c> over the buses at the cleared injections, p.u.</param>
/// <param name="FlowErrorKw">Largest <c>|F_linear - F_ac|</c> over the branches at the cleared injections, kW.</param>
/// <param name="LossErrorKw"><c>|Loss_linear - Loss_ac|</c> at the cleared injections (linear: losses at the point plus
/// <c>LF . dP</c>), kW.</param>
/// <param name="AcVoltageViolationPu">Largest AC voltage excursion beyond [Vmin, Vmax] at the cleared injections, p.u.</param>
/// <param name="AcFlowViolationKw">Largest AC sending-end flow beyond its limit, kW.</param>
/// <param name="AcFeasible">True if both AC violations are within the tolerances.</param>
/// <param name="StepKw">Largest change of a bus injection from the linearization point to the cleared injections, kW.</param>
public sealed record LinearizationPass(
    int Pass,
    IReadOnlyList<double> LinearizationPointKw,
    ModeRun Run,
    double VoltageErrorPu,
    double FlowErrorKw,
    double LossErrorKw,
    double AcVoltageViolationPu,
    double AcFlowViolationKw,
    bool AcFeasible,
    double StepKw);
