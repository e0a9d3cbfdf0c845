namespace P2PMarket.Prosumers;

/// <summary>
/// One trade slot of a local solve as a function of the balance price <c>lambda</c> (MODEL.md sec. 7 step 2):
/// the minimizer over <c>t in [-Tmax, Tmax]</c> of
/// <c>fee |t| + gamma/2 t^2 - tradePrice t + rho/2 (t - anchor)^2 + lambda t</c>, which is the soft-threshold of
/// <c>Center - lambda</c> (<c>Center = tradePrice + rho anchor</c>) by the fee, divided by
/// <c>Curvature = gamma + rho</c>, clipped. Nonincreasing and piecewise linear in <c>lambda</c> with four knots.
/// </summary>
internal readonly struct TradeResponse(double center, double fee, double curvature, double limitKw)
{
    /// <summary><c>tradePrice + rho anchor</c>, $/kWh.</summary>
    public double Center { get; } = center;

    /// <summary>Transaction fee, $/kWh.</summary>
    public double Fee { get; } = fee;

    /// <summary><c>gamma + rho &gt; 0</c>, $/kW^2 per interval.</summary>
    public double Curvature { get; } = curvature;

    /// <summary><c>Tmax</c>, kW.</summary>
    public double LimitKw { get; } = limitKw;

    /// <summary>The trade <c>t</c>, kW, at balance price <paramref name="balancePrice"/>.</summary>
    public double At(double balancePrice)
    {
        var z = Center - balancePrice;
        if (z > Fee) return Math.Min((z - Fee) / Curvature, LimitKw);
        if (z < -Fee) return Math.Max((z + Fee) / Curvature, -LimitKw);
        return 0;
    }

    /// <summary>Writes the four balance prices where the response bends (full sale, start of sale, start of
    /// purchase, full purchase), $/kWh.</summary>
    public void WriteKnots(Span<double> destination)
    {
        var saturation = Curvature * LimitKw;
        destination[0] = Center - Fee - saturation;
        destination[1] = Center - Fee;
        destination[2] = Center + Fee;
        destination[3] = Center + Fee + saturation;
    }
}
