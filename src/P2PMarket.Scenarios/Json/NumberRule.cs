namespace P2PMarket.Scenarios.Json;

/// <summary>Sign condition a numeric scenario field must meet (every number must also be finite).</summary>
internal enum NumberRule
{
    /// <summary>Any finite number.</summary>
    Finite,

    /// <summary>A finite number &gt;= 0.</summary>
    NonNegative,

    /// <summary>A finite number &gt; 0.</summary>
    Positive,
}
