namespace P2PMarket.Clearing.Results;

/// <summary>One row of <c>A P &lt;= b</c> in physical form: <c>value &lt;= bound</c> with value <c>w_n</c> (vmax),
/// <c>-w_n</c> (vmin), <c>F_l</c> (fmax) or <c>-F_l</c> (fmin), so <c>value - bound = (A P - b)_k</c>.</summary>
/// <param name="Label">Row label, e.g. <c>vmin@65</c>, <c>fmax@3-4</c>.</param>
/// <param name="Kind"><c>vmax</c>, <c>vmin</c>, <c>fmax</c> or <c>fmin</c>.</param>
/// <param name="Unit">Unit of value and bound: <c>p.u.^2</c> or <c>kW</c>.</param>
/// <param name="Value">Linearized row quantity at the cleared injections, in <paramref name="Unit"/>.</param>
/// <param name="Bound">Its limit, in <paramref name="Unit"/>.</param>
/// <param name="Multiplier"><c>mu_k</c>, in <paramref name="MultiplierUnit"/>.</param>
/// <param name="MultiplierUnit"><c>$/h per p.u.^2</c> or <c>$/kWh</c>.</param>
/// <param name="Binding">True if the row is at its limit or beyond: slack <c>(bound - value) / ||A_k||</c> at most the
/// binding tolerance, in kW of injection.</param>
public sealed record NetworkRowResult(
    string Label,
    string Kind,
    string Unit,
    double Value,
    double Bound,
    double Multiplier,
    string MultiplierUnit,
    bool Binding);
