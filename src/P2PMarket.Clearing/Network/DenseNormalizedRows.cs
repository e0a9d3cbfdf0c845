using P2PMarket.Grid;

namespace P2PMarket.Clearing.Network;

/// <summary>
/// <c>D A</c> held densely (rows x buses): products and headroom in O(rows x buses), Gram entries as dot products in
/// O(buses) each, computed once. For rows of unknown structure (<see cref="NetworkConstraints.WithRows"/>, the loss-aware
/// linearization); the LinDistFlow rows use <see cref="TreeSweepNormalizedRows"/>.
/// </summary>
public sealed class DenseNormalizedRows : NormalizedNetworkRows
{
    private readonly double[] normalized; // D A, row-major (rows x buses)
    private readonly Dictionary<long, double> gramCache = [];

    /// <summary>Copies and scales the rows of <paramref name="constraints"/>.</summary>
    public DenseNormalizedRows(NetworkConstraints constraints) : base(constraints)
    {
        normalized = new double[RowCount * BusCount];
        for (var k = 0; k < RowCount; k++)
            for (var n = 0; n < BusCount; n++) normalized[k * BusCount + n] = constraints.Matrix[k, n] * RowScale[k];
    }

    /// <inheritdoc />
    public override void Multiply(ReadOnlySpan<double> busValues, Span<double> rowValues)
    {
        for (var k = 0; k < RowCount; k++)
        {
            var row = normalized.AsSpan(k * BusCount, BusCount);
            double sum = 0;
            for (var n = 0; n < BusCount; n++) sum += row[n] * busValues[n];
            rowValues[k] = sum;
        }
    }

    /// <inheritdoc />
    public override void MultiplyTransposed(ReadOnlySpan<double> rowValues, Span<double> busValues)
    {
        busValues.Clear();
        for (var k = 0; k < RowCount; k++)
        {
            if (rowValues[k] == 0) continue;
            var row = normalized.AsSpan(k * BusCount, BusCount);
            for (var n = 0; n < BusCount; n++) busValues[n] += row[n] * rowValues[k];
        }
    }

    /// <inheritdoc />
    public override void FillGram(IReadOnlyList<int> rows, Span<double> gram)
    {
        var count = rows.Count;
        for (var i = 0; i < count; i++)
            for (var j = 0; j < count; j++) gram[i * count + j] = Gram(rows[i], rows[j]);
    }

    /// <inheritdoc />
    public override void Headroom(ReadOnlySpan<double> normalizedSlack, Span<double> up, Span<double> down)
    {
        up.Fill(double.PositiveInfinity);
        down.Fill(double.NegativeInfinity);
        for (var k = 0; k < RowCount; k++)
        {
            var slack = normalizedSlack[k];
            var row = normalized.AsSpan(k * BusCount, BusCount);
            for (var n = 0; n < BusCount; n++)
            {
                var a = row[n];
                if (a > 0) up[n] = Math.Min(up[n], slack / a);
                else if (a < 0) down[n] = Math.Max(down[n], slack / a);
            }
        }
    }

    private double Gram(int a, int b)
    {
        var key = a < b ? (long)a * RowCount + b : (long)b * RowCount + a;
        if (gramCache.TryGetValue(key, out var value)) return value;
        var x = normalized.AsSpan(a * BusCount, BusCount);
        var y = normalized.AsSpan(b * BusCount, BusCount);
        double dot = 0;
        for (var n = 0; n < BusCount; n++) dot += x[n] * y[n];
        gramCache[key] = dot;
        return dot;
    }
}
