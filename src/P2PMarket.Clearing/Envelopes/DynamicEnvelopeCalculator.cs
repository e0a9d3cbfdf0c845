using P2PMarket.Grid;

namespace P2PMarket.Clearing.Envelopes;

/// <summary>
/// Dynamic operating envelopes (MODEL.md sec. 4): given everyone else's injections, the interval of
/// <c>p_i</c> that keeps <c>A P &lt;= b</c>: <c>OEmax_i = min over rows with A[k,b(i)] &gt; 0 of
/// (b_k - (A P_-i)_k) / A[k,b(i)]</c>, <c>OEmin_i</c> likewise over rows with <c>A[k,b(i)] &lt; 0</c>.
/// Equivalently <c>p_i</c> plus the headroom of its bus at the current point. An envelope is infinite on a
/// side no row limits (the substation bus); at a violated point it may not contain <c>p_i</c>.
/// </summary>
public static class DynamicEnvelopeCalculator
{
    /// <summary>Dynamic envelope of each prosumer.</summary>
    /// <param name="constraints">The network rows.</param>
    /// <param name="prosumerBus">Per prosumer: internal bus index.</param>
    /// <param name="injectionKw">Per prosumer: bus injection <c>p_i</c>, kW.</param>
    public static OperatingEnvelope[] Compute(NetworkConstraints constraints, IReadOnlyList<int> prosumerBus, IReadOnlyList<double> injectionKw)
    {
        var busInjection = new double[constraints.BusCount];
        for (var i = 0; i < prosumerBus.Count; i++) busInjection[prosumerBus[i]] += injectionKw[i];
        var residual = constraints.Residual(busInjection);
        var up = Enumerable.Repeat(double.PositiveInfinity, constraints.BusCount).ToArray();
        var down = Enumerable.Repeat(double.NegativeInfinity, constraints.BusCount).ToArray();
        for (var k = 0; k < constraints.RowCount; k++)
        for (var n = 0; n < constraints.BusCount; n++)
        {
            var a = constraints.Matrix[k, n];
            if (a > 0) up[n] = Math.Min(up[n], -residual[k] / a);
            else if (a < 0) down[n] = Math.Max(down[n], -residual[k] / a);
        }
        var envelopes = new OperatingEnvelope[prosumerBus.Count];
        for (var i = 0; i < envelopes.Length; i++)
            envelopes[i] = new OperatingEnvelope(injectionKw[i] + down[prosumerBus[i]], injectionKw[i] + up[prosumerBus[i]]);
        return envelopes;
    }
}
