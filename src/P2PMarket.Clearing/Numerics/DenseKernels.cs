using System.Numerics;
using System.Runtime.InteropServices;

namespace P2PMarket.Clearing.Numerics;

/// <summary>SIMD kernels on contiguous spans for the dense factorizations.</summary>
internal static class DenseKernels
{
    public static void SwapRows(Span<double> x, Span<double> y)
    {
        for (var j = 0; j < x.Length; j++) (x[j], y[j]) = (y[j], x[j]);
    }

    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var va = new Vector<double>(alpha);
            for (var v = 0; v < vx.Length; v++) vy[v] += va * vx[v];
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++) y[i] += alpha * x[i];
    }

    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var i = 0;
        var sum = 0.0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var acc = Vector<double>.Zero;
            for (var v = 0; v < vx.Length; v++) acc += vx[v] * vy[v];
            sum = Vector.Sum(acc);
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary><c>y = A x</c> for a row-major <paramref name="rows"/> x <paramref name="columns"/> matrix.</summary>
    public static void Multiply(ReadOnlySpan<double> a, int rows, int columns, ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < rows; i++) y[i] = Dot(a.Slice(i * columns, columns), x);
    }
}
