namespace P2PMarket.Clearing.Pricing;

/// <summary>The DLMP of one bus and its components (MODEL.md sec. 6), each in $/kWh: the price of consuming
/// 1 kW more at the bus for one interval. NaN = undefined (the energy price is undefined).</summary>
/// <param name="Energy"><c>energy</c>, $/kWh: the same at every bus.</param>
/// <param name="Congestion"><c>congestion_n = -(sum over flow rows of mu_k A[k,n])</c>, $/kWh.</param>
/// <param name="Voltage"><c>voltage_n = -(sum over voltage rows of mu_k A[k,n])</c>, $/kWh.</param>
/// <param name="Loss"><c>loss_n = -energy * LF_n</c>, $/kWh (0 without loss factors).</param>
/// <param name="Total"><c>DLMP_n = energy + congestion_n + voltage_n + loss_n</c>, $/kWh.</param>
public readonly record struct BusDlmp(double Energy, double Congestion, double Voltage, double Loss, double Total)
{
    /// <summary>The part of the DLMP that the network adds to the energy price, <c>congestion + voltage + loss</c>, $/kWh.</summary>
    public double Network => Congestion + Voltage + Loss;
}
