using P2PMarket.Clearing.Modes;

namespace P2PMarket.Clearing.Losses;

/// <summary>The outcome of <see cref="SuccessiveLinearization"/>.</summary>
/// <param name="Passes">Every pass, in order.</param>
/// <param name="AcFeasible">True if the last pass's cleared market satisfies the AC limits within the tolerances
/// (false: the pass cap was reached first).</param>
public sealed record SuccessiveLinearizationResult(IReadOnlyList<LinearizationPass> Passes, bool AcFeasible)
{
    /// <summary>The clearing of the last pass: the loss-aware market.</summary>
    public ModeRun Final => Passes[^1].Run;

    /// <summary>ADMM local steps summed over every pass.</summary>
    public int Iterations => Passes.Sum(p => p.Run.Iterations);
}
