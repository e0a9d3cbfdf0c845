namespace P2PMarket.Prosumers;

/// <summary>Symmetric data of one trading pair {i, j} (MODEL.md sec. 2).</summary>
/// <param name="First">Index of the prosumer with the smaller index.</param>
/// <param name="Second">Index of the other prosumer.</param>
/// <param name="LimitKw"><c>Tmax_ij &gt; 0</c>, kW: bound on |t_ij|.</param>
/// <param name="FeePerKwh"><c>tradeFee_ij &gt;= 0</c>, $/kWh paid by each side on |t_ij|.</param>
/// <param name="Friction"><c>gamma_ij &gt; 0</c>, $/kW^2 per interval: the friction <c>gamma/2 t^2</c> of each side.</param>
public sealed record TradePair(int First, int Second, double LimitKw, double FeePerKwh = 0.001, double Friction = 1e-6);
