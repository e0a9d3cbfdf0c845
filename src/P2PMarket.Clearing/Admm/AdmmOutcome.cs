using P2PMarket.Prosumers;

namespace P2PMarket.Clearing.Admm;

/// <summary>The final state of an ADMM clearing. Arrays use the market's global indexing.</summary>
/// <param name="Exit">Why the loop stopped.</param>
/// <param name="Iterations">Local steps done.</param>
/// <param name="Trades">Per slot: <c>t_ij</c>, kW.</param>
/// <param name="TradePrice">Per slot: <c>tradePrice_ij</c>, $/kWh (equal on both slots of a pair).</param>
/// <param name="Decisions">Per prosumer: every decision variable at the final iteration.</param>
/// <param name="NetworkPrice">Per prosumer: <c>networkPrice_i = eta_b(i) / r_i</c> of the final iteration, $/kWh.</param>
/// <param name="BusPrice">Per bus: <c>eta = A^T mu</c>, $/kWh.</param>
/// <param name="Multiplier">Per network row: <c>mu_k</c>, physical units.</param>
/// <param name="OperatingEnvelopeKw">Per prosumer: dynamic OE <c>[OEmin_i, OEmax_i]</c>, kW.</param>
/// <param name="History">Convergence history, one row per iteration.</param>
/// <param name="WallSeconds">Wall time of the loop, s.</param>
public sealed record AdmmOutcome(
    AdmmExit Exit,
    int Iterations,
    double[] Trades,
    double[] TradePrice,
    LocalDecision[] Decisions,
    double[] NetworkPrice,
    double[] BusPrice,
    double[] Multiplier,
    (double Min, double Max)[] OperatingEnvelopeKw,
    IReadOnlyList<AdmmIteration> History,
    double WallSeconds);
