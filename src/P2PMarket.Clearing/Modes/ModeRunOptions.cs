using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Checking;

namespace P2PMarket.Clearing.Modes;

/// <summary>Settings of a <see cref="MarketModeRunner"/> run (MODEL.md sec. 9).</summary>
/// <param name="Admm">ADMM settings of every clearing; <see cref="AdmmOptions.UseNetwork"/> is set by the mode.</param>
/// <param name="Weights">NNE weights <c>r_i &gt; 0</c> of the <c>nne</c> mode, one per prosumer; null = the scenario's.</param>
/// <param name="EnvelopeWeights">Weights <c>w_i &gt; 0</c> of the robust-envelope LP of the <c>oe</c> mode; null = all 1.</param>
/// <param name="FeasibilityToleranceKw">The <c>discard</c> mode's security check: a row is violated when
/// <c>(A P - b)_k / ||A_k||</c> exceeds this, kW of injection.</param>
/// <param name="CheckEquilibrium">Run the equilibrium checker on the <c>ve</c> and <c>nne</c> results.</param>
/// <param name="Tolerances">Tolerances of the equilibrium verdict; null = <see cref="EquilibriumTolerances"/> defaults.</param>
public sealed record ModeRunOptions(
    AdmmOptions Admm,
    IReadOnlyList<double>? Weights = null,
    IReadOnlyList<double>? EnvelopeWeights = null,
    double FeasibilityToleranceKw = 1e-3,
    bool CheckEquilibrium = true,
    EquilibriumTolerances? Tolerances = null);
