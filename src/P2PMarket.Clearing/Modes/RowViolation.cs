namespace P2PMarket.Clearing.Modes;

/// <summary>A row of <c>A P &lt;= b</c> violated at a cleared market.</summary>
/// <param name="Label">Row label, e.g. <c>vmin@65</c>.</param>
/// <param name="ViolationKw"><c>(A P - b)_k / ||A_k||</c>, kW of injection on the normalized row (&gt; 0).</param>
/// <param name="Excess"><c>(A P - b)_k</c> in the row's own unit (<c>p.u.^2</c> or <c>kW</c>).</param>
public sealed record RowViolation(string Label, double ViolationKw, double Excess);
