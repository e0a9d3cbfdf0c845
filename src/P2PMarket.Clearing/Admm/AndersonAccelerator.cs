namespace P2PMarket.Clearing.Admm;

/// <summary>
/// Type-II Anderson acceleration of a fixed-point iteration <c>z = T(z)</c> (Walker &amp; Ni 2011), with the
/// restart safeguard used for ADMM by Zhang, O'Donoghue &amp; Boyd (2020): the memory is cleared whenever the
/// fixed-point residual grows, so a bad extrapolation costs one plain step. Buffers are allocated once.
/// </summary>
public sealed class AndersonAccelerator
{
    private readonly int dimension;
    private readonly int memory;
    private readonly double regularization;
    private readonly double[][] deltaResidual; // columns g_{k} - g_{k-1}
    private readonly double[][] deltaImage; // columns T(z_k) - T(z_{k-1})
    private readonly double[] previousResidual;
    private readonly double[] previousImage;
    private readonly double[] gram;
    private readonly double[] rhs;
    private readonly double[] gamma;
    private int stored;
    private int next;
    private bool hasPrevious;
    private double previousNorm = double.PositiveInfinity;
    private double bestNorm = double.PositiveInfinity;

    /// <summary>Restart when the residual exceeds this multiple of the smallest since the last restart.</summary>
    public double RestartFactor { get; init; } = 2.0;

    /// <summary>Creates an accelerator for states of <paramref name="dimension"/> numbers.</summary>
    /// <param name="dimension">Length of the state vector.</param>
    /// <param name="memory">Number of past differences kept (m).</param>
    /// <param name="regularization">Relative Tikhonov weight of the small least-squares problem.</param>
    public AndersonAccelerator(int dimension, int memory, double regularization = 1e-10)
    {
        this.dimension = dimension;
        this.memory = memory;
        this.regularization = regularization;
        deltaResidual = Enumerable.Range(0, memory).Select(_ => new double[dimension]).ToArray();
        deltaImage = Enumerable.Range(0, memory).Select(_ => new double[dimension]).ToArray();
        previousResidual = new double[dimension];
        previousImage = new double[dimension];
        gram = new double[memory * memory];
        rhs = new double[memory];
        gamma = new double[memory];
    }

    /// <summary>Accelerations applied so far (steps that used at least one stored difference).</summary>
    public int AcceleratedSteps { get; private set; }

    /// <summary>Restarts so far.</summary>
    public int Restarts { get; private set; }

    /// <summary>Forgets the history (call when the map changes, e.g. after a penalty update).</summary>
    public void Reset()
    {
        stored = 0;
        next = 0;
        hasPrevious = false;
        previousNorm = double.PositiveInfinity;
        bestNorm = double.PositiveInfinity;
    }

    /// <summary>Given the current state <paramref name="state"/> and its image <paramref name="image"/> = T(state),
    /// overwrites <paramref name="image"/> with the accelerated next state.</summary>
    public void Step(ReadOnlySpan<double> state, Span<double> image)
    {
        double norm = 0;
        for (var d = 0; d < dimension; d++)
        {
            var g = image[d] - state[d];
            norm += g * g;
        }
        norm = Math.Sqrt(norm);
        if (hasPrevious && norm > RestartFactor * bestNorm)
        {
            Restarts++;
            stored = 0;
            next = 0;
            bestNorm = norm;
        }
        bestNorm = Math.Min(bestNorm, norm);
        if (hasPrevious && stored >= 0 && previousNorm < double.PositiveInfinity)
        {
            var column = next;
            for (var d = 0; d < dimension; d++)
            {
                var g = image[d] - state[d];
                deltaResidual[column][d] = g - previousResidual[d];
                deltaImage[column][d] = image[d] - previousImage[d];
            }
            next = (next + 1) % memory;
            stored = Math.Min(stored + 1, memory);
        }
        for (var d = 0; d < dimension; d++)
        {
            previousResidual[d] = image[d] - state[d];
            previousImage[d] = image[d];
        }
        hasPrevious = true;
        previousNorm = norm;
        if (stored == 0) return;

        // gamma = argmin || g - dG gamma ||, by the regularized normal equations (m is small).
        var m = stored;
        double trace = 0;
        for (var a = 0; a < m; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                double dot = 0;
                var x = deltaResidual[a];
                var y = deltaResidual[b];
                for (var d = 0; d < dimension; d++) dot += x[d] * y[d];
                gram[a * m + b] = dot;
                gram[b * m + a] = dot;
            }
            trace += gram[a * m + a];
            double r = 0;
            for (var d = 0; d < dimension; d++) r += deltaResidual[a][d] * previousResidual[d];
            rhs[a] = r;
        }
        var shift = regularization * Math.Max(trace, 1e-300);
        for (var a = 0; a < m; a++) gram[a * m + a] += shift;
        if (!SolveSymmetric(m)) return;
        for (var a = 0; a < m; a++)
        {
            var column = deltaImage[a];
            var weight = gamma[a];
            for (var d = 0; d < dimension; d++) image[d] -= weight * column[d];
        }
        AcceleratedSteps++;
    }

    private bool SolveSymmetric(int m)
    {
        // Cholesky of the m x m Gram matrix in place, then two triangular solves.
        for (var j = 0; j < m; j++)
        {
            var sum = gram[j * m + j];
            for (var k = 0; k < j; k++) sum -= gram[j * m + k] * gram[j * m + k];
            if (!(sum > 0)) return false;
            var diagonal = Math.Sqrt(sum);
            gram[j * m + j] = diagonal;
            for (var i = j + 1; i < m; i++)
            {
                var s = gram[i * m + j];
                for (var k = 0; k < j; k++) s -= gram[i * m + k] * gram[j * m + k];
                gram[i * m + j] = s / diagonal;
            }
        }
        for (var i = 0; i < m; i++)
        {
            var s = rhs[i];
            for (var k = 0; k < i; k++) s -= gram[i * m + k] * gamma[k];
            gamma[i] = s / gram[i * m + i];
        }
        for (var i = m - 1; i >= 0; i--)
        {
            var s = gamma[i];
            for (var k = i + 1; k < m; k++) s -= gram[k * m + i] * gamma[k];
            gamma[i] = s / gram[i * m + i];
        }
        return true;
    }
}
