namespace P2PMarket.Clearing.Numerics;

/// <summary>
/// In-place LU factorization with partial (row) pivoting of a dense square matrix stored row-major, with SIMD
/// row updates (Golub &amp; Van Loan, Matrix Computations, 4th ed., alg. 3.4.1, right-looking, kij order). Used for
/// the interior-point KKT systems, where it is several times faster than the general-purpose managed LU.
/// The buffers are reused across factorizations of the same size.
/// </summary>
internal sealed class DenseLu
{
    private readonly int n;
    private readonly double[] lu;
    private readonly int[] pivot;

    /// <summary>Creates a workspace for <paramref name="size"/> x <paramref name="size"/> systems.</summary>
    public DenseLu(int size)
    {
        n = size;
        lu = new double[size * size];
        pivot = new int[size];
    }

    /// <summary>Row-major storage of the matrix to factor; write it, then call <see cref="Factor"/>.</summary>
    public Span<double> Matrix => lu;

    /// <summary>Factors the matrix in <see cref="Matrix"/> in place.</summary>
    /// <returns>False if a pivot is exactly zero or not finite (singular or overflowed matrix).</returns>
    public bool Factor()
    {
        var a = lu.AsSpan();
        for (var k = 0; k < n; k++)
        {
            // 1. pivot: the largest entry of column k on or below the diagonal
            var p = k;
            var largest = Math.Abs(a[k * n + k]);
            for (var i = k + 1; i < n; i++)
            {
                var v = Math.Abs(a[i * n + k]);
                if (v > largest) { largest = v; p = i; }
            }
            pivot[k] = p;
            if (!(largest > 0) || !double.IsFinite(largest)) return false;
            if (p != k) DenseKernels.SwapRows(a.Slice(k * n, n), a.Slice(p * n, n));

            // 2. multipliers and the rank-1 update of the trailing rows
            var rowK = a.Slice(k * n + k + 1, n - k - 1);
            var inverse = 1.0 / a[k * n + k];
            for (var i = k + 1; i < n; i++)
            {
                var factor = a[i * n + k] * inverse;
                a[i * n + k] = factor;
                if (factor != 0.0) DenseKernels.Axpy(-factor, rowK, a.Slice(i * n + k + 1, n - k - 1));
            }
        }
        return true;
    }

    /// <summary>Solves <c>A x = b</c> with the factors; <paramref name="x"/> may alias <paramref name="b"/>.</summary>
    public void Solve(ReadOnlySpan<double> b, Span<double> x)
    {
        if (!b.Overlaps(x)) b.CopyTo(x);
        for (var k = 0; k < n; k++)
            if (pivot[k] != k) (x[k], x[pivot[k]]) = (x[pivot[k]], x[k]);
        var a = lu.AsSpan();
        for (var i = 1; i < n; i++) x[i] -= DenseKernels.Dot(a.Slice(i * n, i), x[..i]);
        for (var i = n - 1; i >= 0; i--)
        {
            var tail = n - i - 1;
            x[i] = (x[i] - DenseKernels.Dot(a.Slice(i * n + i + 1, tail), x.Slice(i + 1, tail))) / a[i * n + i];
        }
    }
}
