namespace P2PMarket.Grid;

/// <summary>Outcome of an AC power flow (MODEL.md sec. 8, AC check).</summary>
/// <param name="VoltagePu">Voltage magnitude per bus, p.u.</param>
/// <param name="SendingFlowKw">Active flow at the sending (parent) end of each branch, kW.</param>
/// <param name="SendingFlowKvar">Reactive flow at the sending end of each branch, kVAr.</param>
/// <param name="LossKw">Total active losses, kW.</param>
/// <param name="LossKvar">Total reactive losses, kVAr.</param>
/// <param name="Iterations">Sweeps done.</param>
/// <param name="Converged">True if the largest voltage change fell below the tolerance.</param>
public sealed record AcPowerFlowResult(
    double[] VoltagePu,
    double[] SendingFlowKw,
    double[] SendingFlowKvar,
    double LossKw,
    double LossKvar,
    int Iterations,
    bool Converged);
