namespace P2PMarket.Clearing.Envelopes;

/// <summary>Robust static operating envelopes (MODEL.md sec. 4) and how they were found.</summary>
/// <param name="Envelopes">Per prosumer: <c>[OEmin_i, OEmax_i]</c>, kW.</param>
/// <param name="Status">Status of the LP.</param>
/// <param name="Anchored">True if every envelope contains its prosumer's anchor: zero injection, or the
/// nearest injection to zero in its physical range (see <see cref="RobustEnvelopeSolver"/>).</param>
/// <param name="WeightedWidthKw">The LP objective <c>sum_i w_i (OEmax_i - OEmin_i)</c>, kW (weights dimensionless).</param>
/// <param name="MaxWorstCaseResidualKw">Largest worst-case row residual over all corners of the boxes,
/// <c>max_k (sum_i max(A[k,b(i)] OEmax_i, A[k,b(i)] OEmin_i) - b_k) / ||A_k||</c>, in kW of injection on the
/// row-normalized rows; &lt;= 0 means every combination of injections inside the boxes is feasible.</param>
public sealed record RobustEnvelopes(
    IReadOnlyList<OperatingEnvelope> Envelopes,
    RobustEnvelopeStatus Status,
    bool Anchored,
    double WeightedWidthKw,
    double MaxWorstCaseResidualKw);
