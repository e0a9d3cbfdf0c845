using P2PMarket.Grid;

namespace P2PMarket.Tests.Network;

/// <summary>Random radial feeders for property tests: random tree shapes (chains, stars and in between), bus data in a
/// shuffled order (so a parent may come after its child), random resistances, passive loads and branch limits.</summary>
public static class RandomFeeders
{
    /// <summary>A feeder of <paramref name="busCount"/> buses; <paramref name="chainBias"/> near 1 grows long laterals,
    /// near 0 bushy ones.</summary>
    public static Feeder Create(Random random, int busCount, double chainBias, double limitedFraction = 0.4)
    {
        // Tree over creation order: each new node hangs off the previous one (chain) or a random earlier one.
        var parentOfNode = new int[busCount];
        for (var node = 1; node < busCount; node++)
            parentOfNode[node] = random.NextDouble() < chainBias ? node - 1 : random.Next(node);
        // Internal index 0 stays the substation; the others are shuffled.
        var indexOfNode = new int[busCount];
        var shuffled = Enumerable.Range(1, busCount - 1).OrderBy(_ => random.Next()).ToArray();
        for (var node = 1; node < busCount; node++) indexOfNode[node] = shuffled[node - 1];
        var buses = new FeederBus[busCount];
        buses[0] = new FeederBus(1, 0, 0);
        for (var node = 1; node < busCount; node++)
            buses[indexOfNode[node]] = new FeederBus(node + 1, 200 * random.NextDouble(), 80 * random.NextDouble());
        var branches = Enumerable.Range(1, busCount - 1).OrderBy(_ => random.Next())
            .Select(node => new FeederBranch(indexOfNode[parentOfNode[node]], indexOfNode[node],
                0.02 + 0.5 * random.NextDouble(), 0.3 * random.NextDouble(),
                random.NextDouble() < limitedFraction ? 50 + 2000 * random.NextDouble() : null))
            .ToArray();
        return new Feeder($"random-{busCount}", 12.66, 10.0, 1.0, buses, branches, "random");
    }

    /// <summary>The LinDistFlow rows of <paramref name="feeder"/> with limits 0.95..1.05 p.u.</summary>
    public static NetworkConstraints Rows(Feeder feeder) => new(new LinDistFlow(feeder), new VoltageLimits(0.95, 1.05));

    /// <summary>Injections in kW, of either sign, some of them zero.</summary>
    public static double[] Injection(Random random, int busCount, double scaleKw = 500)
    {
        var p = new double[busCount];
        for (var n = 0; n < busCount; n++) p[n] = random.NextDouble() < 0.2 ? 0 : scaleKw * (2 * random.NextDouble() - 1);
        return p;
    }
}
