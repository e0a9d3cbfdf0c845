using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Envelopes;
using P2PMarket.Prosumers;

namespace P2PMarket.Clearing.Results;

/// <summary>What a clearing produced, in the market's global indexing: the input of <see cref="MarketResultBuilder"/>.</summary>
/// <param name="Mode">Market mode (MODEL.md sec. 9).</param>
/// <param name="Decisions">Per prosumer: every decision variable.</param>
/// <param name="Trades">Per slot: <c>t_ij</c>, kW.</param>
/// <param name="TradePrice">Per slot: <c>tradePrice_ij</c>, $/kWh.</param>
/// <param name="Multiplier">Per network row: <c>mu_k</c> in physical units; empty = all zero (no network pricing).</param>
/// <param name="Weights">Per prosumer: NNE weight <c>r_i</c>.</param>
public sealed record ClearedMarket(
    string Mode,
    IReadOnlyList<LocalDecision> Decisions,
    IReadOnlyList<double> Trades,
    IReadOnlyList<double> TradePrice,
    IReadOnlyList<double> Multiplier,
    IReadOnlyList<double> Weights)
{
    /// <summary>Why the clearing stopped: <c>converged</c>, <c>iterationLimit</c> or <c>direct</c>.</summary>
    public string Exit { get; init; } = "direct";

    /// <summary>Local steps done.</summary>
    public int Iterations { get; init; }

    /// <summary>Iteration history.</summary>
    public IReadOnlyList<AdmmIteration> History { get; init; } = [];

    /// <summary>Wall time of the clearing, s.</summary>
    public double WallSeconds { get; init; }

    /// <summary>Relative stopping tolerance; null = the scenario's setting.</summary>
    public double? RelativeTolerance { get; init; }

    /// <summary>Absolute stopping tolerance; null = the scenario's setting.</summary>
    public double? AbsoluteTolerance { get; init; }

    /// <summary>Per prosumer: the network price the clearing used, $/kWh (checked against <c>eta/r</c>); null = not reported.</summary>
    public IReadOnlyList<double>? NetworkPrice { get; init; }

    /// <summary>Per prosumer: the robust static envelope imposed (the <c>oe</c> mode); null = none.</summary>
    public IReadOnlyList<OperatingEnvelope>? StaticEnvelopes { get; init; }

    /// <summary>Per bus: loss factor <c>LF_n = dLoss/dP_n</c> for the DLMP loss component; null = lossless.</summary>
    public IReadOnlyList<double>? LossFactor { get; init; }

    /// <summary>The outcome of the DLMP-parametrized ADMM.</summary>
    /// <param name="mode">Market mode.</param>
    /// <param name="outcome">The ADMM outcome.</param>
    /// <param name="weights">Per prosumer: the weights the clearing used.</param>
    /// <param name="options">The ADMM options (tolerances).</param>
    public static ClearedMarket FromAdmm(string mode, AdmmOutcome outcome, IReadOnlyList<double> weights, AdmmOptions options) =>
        new(mode, outcome.Decisions, outcome.Trades, outcome.TradePrice, outcome.Multiplier, weights)
        {
            Exit = outcome.Exit == AdmmExit.Converged ? "converged" : "iterationLimit",
            Iterations = outcome.Iterations,
            History = outcome.History,
            WallSeconds = outcome.WallSeconds,
            RelativeTolerance = options.RelativeTolerance,
            AbsoluteTolerance = options.AbsoluteTolerance,
            NetworkPrice = outcome.Multiplier.Length == 0 ? null : outcome.NetworkPrice,
        };
}
