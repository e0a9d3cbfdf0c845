namespace P2PMarket.Scenarios.Synthetic;

/// <summary>
/// SplitMix64 (Steele, Lea &amp; Flood 2014): a tiny seeded generator whose sequence is fixed by this code
/// alone, so a synthetic scenario is identical across .NET versions and machines for the same seed.
/// </summary>
internal sealed class SplitMix64(int seed)
{
    private ulong state = 0x5DEECE66DUL ^ unchecked((ulong)(long)seed * 0x9E3779B97F4A7C15UL);

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="count"/>).</summary>
    public int Next(int count) => (int)(NextUInt64() % (ulong)count);

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;
}
