namespace P2PMarket.Clearing.Envelopes;

/// <summary>An operating envelope: the interval <c>[OEmin_i, OEmax_i]</c> of a prosumer's bus injection
/// (MODEL.md sec. 4), kW, positive = injection into the grid. An unbounded side is infinite.</summary>
/// <param name="MinKw"><c>OEmin_i</c>, kW (-infinity = no lower limit).</param>
/// <param name="MaxKw"><c>OEmax_i</c>, kW (+infinity = no upper limit).</param>
public readonly record struct OperatingEnvelope(double MinKw, double MaxKw)
{
    /// <summary>The envelope that imposes nothing.</summary>
    public static OperatingEnvelope Unbounded => new(double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>Width <c>OEmax - OEmin</c>, kW.</summary>
    public double WidthKw => MaxKw - MinKw;

    /// <summary>True if <paramref name="injectionKw"/> lies in the envelope, allowing <paramref name="toleranceKw"/> on each side.</summary>
    public bool Contains(double injectionKw, double toleranceKw = 0) =>
        injectionKw >= MinKw - toleranceKw && injectionKw <= MaxKw + toleranceKw;

    /// <summary>The point of the envelope nearest to <paramref name="injectionKw"/>, kW.</summary>
    public double Clamp(double injectionKw) => Math.Min(MaxKw, Math.Max(MinKw, injectionKw));
}
