namespace P2PMarket.Clearing.Envelopes;

/// <summary>The robust-envelope LP has no solution (or the solver failed). The message names the cause,
/// and the offending network row when one is known.</summary>
public sealed class RobustEnvelopeException(string message) : Exception(message);
