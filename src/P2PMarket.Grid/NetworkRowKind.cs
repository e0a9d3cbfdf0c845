namespace P2PMarket.Grid;

/// <summary>Kind of a row of <c>A P &lt;= b</c> (MODEL.md sec. 3).</summary>
public enum NetworkRowKind
{
    /// <summary><c>vmax@n</c>: <c>w_n &lt;= Vmax^2</c>, unit p.u.^2.</summary>
    VoltageMax,

    /// <summary><c>vmin@n</c>: <c>-w_n &lt;= -Vmin^2</c>, unit p.u.^2.</summary>
    VoltageMin,

    /// <summary><c>fmax@from-to</c>: <c>F_l &lt;= Fmax_l</c>, unit kW.</summary>
    FlowMax,

    /// <summary><c>fmin@from-to</c>: <c>-F_l &lt;= Fmax_l</c>, unit kW.</summary>
    FlowMin,
}
