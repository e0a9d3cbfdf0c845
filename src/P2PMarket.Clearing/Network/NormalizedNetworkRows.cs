using P2PMarket.Grid;

namespace P2PMarket.Clearing.Network;

/// <summary>
/// The row-normalized network rows <c>D A</c> (<c>D = diag(1 / ||A_k||)</c>, MODEL.md sec. 3) as the operator's step
/// uses them: products <c>D A x</c> and <c>(D A)' y</c>, the entries of the Gram matrix <c>(D A)(D A)'</c> and the
/// dynamic-OE headroom per bus (MODEL.md sec. 4). <see cref="For"/> picks tree sweeps in O(buses) for the LinDistFlow
/// rows and dense products for any other rows. Not thread-safe (internal buffers and caches).
/// </summary>
public abstract class NormalizedNetworkRows
{
    /// <summary>Sets the sizes and the row scaling of <paramref name="constraints"/>.</summary>
    protected NormalizedNetworkRows(NetworkConstraints constraints)
    {
        Constraints = constraints;
        RowCount = constraints.RowCount;
        BusCount = constraints.BusCount;
        RowScale = new double[RowCount];
        NormalizedBound = new double[RowCount];
        for (var k = 0; k < RowCount; k++)
        {
            RowScale[k] = constraints.RowNorm[k] > 0 ? 1.0 / constraints.RowNorm[k] : 0.0;
            NormalizedBound[k] = constraints.Bound[k] * RowScale[k];
        }
    }

    /// <summary>Tree sweeps when <paramref name="constraints"/> are the LinDistFlow rows
    /// (<see cref="NetworkConstraints.IsLinDistFlow"/>), dense products otherwise.</summary>
    public static NormalizedNetworkRows For(NetworkConstraints constraints) =>
        constraints.IsLinDistFlow ? new TreeSweepNormalizedRows(constraints) : new DenseNormalizedRows(constraints);

    /// <summary>The rows.</summary>
    public NetworkConstraints Constraints { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Number of buses (columns), including the substation.</summary>
    public int BusCount { get; }

    /// <summary>Per row: <c>D_k = 1 / ||A_k||</c>, or 0 for a row that no injection moves.</summary>
    protected double[] RowScale { get; }

    /// <summary><c>D b</c>, kW of injection.</summary>
    public double[] NormalizedBound { get; }

    /// <summary><c>rowValues = D A busValues</c> (kW of injection per row for injections in kW).</summary>
    public abstract void Multiply(ReadOnlySpan<double> busValues, Span<double> rowValues);

    /// <summary><c>busValues = (D A)' rowValues</c> (for the normalized multipliers: <c>eta = A' mu</c> per bus, $/kWh).</summary>
    public abstract void MultiplyTransposed(ReadOnlySpan<double> rowValues, Span<double> busValues);

    /// <summary>Writes the Gram matrix <c>(D A)(D A)'</c> restricted to <paramref name="rows"/> (row indices) into
    /// <paramref name="gram"/>, row-major <c>rows.Count x rows.Count</c>, exactly symmetric. Entries are cached between calls.</summary>
    public abstract void FillGram(IReadOnlyList<int> rows, Span<double> gram);

    /// <summary>Dynamic-OE headroom per bus for the normalized slacks <c>D (b - A P)</c> (MODEL.md sec. 4): <c>up[n]</c> is
    /// the least <c>slack_k / A[k,n]</c> over rows with <c>A[k,n] &gt; 0</c> (+infinity if none), <c>down[n]</c> the greatest
    /// over rows with <c>A[k,n] &lt; 0</c> (-infinity if none), kW.</summary>
    public abstract void Headroom(ReadOnlySpan<double> normalizedSlack, Span<double> up, Span<double> down);

    /// <summary><c>||D A||_2^2</c> by 200 steps of power iteration on <c>(D A)' (D A)</c>, which bound it well for a safe step.</summary>
    public double EstimateNormSquared()
    {
        var x = new double[BusCount];
        var y = new double[RowCount];
        for (var n = 1; n < BusCount; n++) x[n] = 1.0 / Math.Sqrt(Math.Max(1, BusCount - 1));
        var estimate = 0.0;
        for (var it = 0; it < 200; it++)
        {
            Multiply(x, y);
            MultiplyTransposed(y, x);
            var sum = 0.0;
            for (var n = 0; n < BusCount; n++) sum += x[n] * x[n];
            var norm = Math.Sqrt(sum);
            if (norm == 0) return 0;
            estimate = norm;
            for (var n = 0; n < BusCount; n++) x[n] /= norm;
        }
        return estimate;
    }
}
