using System.Globalization;
using P2PMarket.Grid;
using P2PMarket.Prosumers;

namespace P2PMarket.Scenarios.Synthetic;

/// <summary>
/// Seeded synthetic markets for benchmarks (MODEL.md sec. 10): a random radial feeder sized with the
/// population, passive loads, a mix of PV-rich prosumers, flexible consumers, mixed prosumers, generators
/// and plain retail customers, and a symmetric trading graph of mostly nearby partners. The same
/// (count, seed, options) always gives the same scenario, hence the same JSON. Linear in the prosumer count.
/// </summary>
public static class SyntheticScenarioGenerator
{
    private enum Kind { PvRich, FlexibleConsumer, Mixed, Generator, Plain }

    /// <summary>Generates a scenario with <paramref name="prosumerCount"/> prosumers.</summary>
    /// <param name="prosumerCount">Number of prosumers, at least 1 (benchmarks use 10 to 10,000).</param>
    /// <param name="seed">Seed; equal seeds give equal scenarios.</param>
    /// <param name="options">Knobs; null = <see cref="SyntheticScenarioOptions"/> defaults.</param>
    public static Scenario Generate(int prosumerCount, int seed, SyntheticScenarioOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(prosumerCount, 1);
        var o = options ?? new SyntheticScenarioOptions();
        var rng = new SplitMix64(seed);
        var name = string.Create(CultureInfo.InvariantCulture, $"synthetic-{prosumerCount}-seed{seed}");

        var feeder = GenerateFeeder(name, prosumerCount, o, rng);
        var prosumers = GenerateProsumers(prosumerCount, feeder, rng);
        var graph = GenerateTradeGraph(prosumers, feeder, o, rng);
        prosumers = EnsureBalanceable(prosumers, graph);
        return new Scenario(name, feeder, o.VoltageLimits, o.Retail, prosumers, graph, new MarketSettings());
    }

    // ---- feeder ----------------------------------------------------------------------------------------

    private static Feeder GenerateFeeder(string name, int prosumerCount, SyntheticScenarioOptions o, SplitMix64 rng)
    {
        var busCount = (int)Math.Clamp(Math.Round(prosumerCount / o.ProsumersPerBus), o.MinBuses, o.MaxBuses);
        var n = busCount + 1; // internal index 0 = substation, label = index + 1
        var parent = new int[n];
        var depth = new int[n];
        parent[0] = -1;
        for (var b = 1; b < n; b++)
        {
            // Mostly extend the line being built or branch off a recent bus (long laterals); sometimes
            // start a new lateral anywhere, which keeps the depth moderate.
            var u = rng.NextDouble();
            parent[b] = b == 1 ? 0
                : u < 0.55 ? b - 1
                : u < 0.85 ? Math.Max(0, b - 1 - rng.Next(12))
                : rng.Next(b);
            depth[b] = depth[parent[b]] + 1;
        }

        // Passive loads of 5-40 kW at 70 % of the buses, scaled down where the clamp leaves fewer prosumers per
        // bus than ProsumersPerBus, so that prosumers always carry a comparable share of the feeder's power.
        var loadFactor = Math.Min(1.0, prosumerCount / (busCount * o.ProsumersPerBus));
        var buses = new FeederBus[n];
        buses[0] = new FeederBus(1, 0, 0);
        for (var b = 1; b < n; b++)
        {
            var kw = rng.Chance(0.7) ? Round(loadFactor * rng.Uniform(5, 40)) : 0.0;
            var powerFactor = rng.Uniform(0.9, 0.97);
            buses[b] = new FeederBus(b + 1, kw, Round(kw * Math.Tan(Math.Acos(powerFactor))));
        }

        // Typical 12.66 kV overhead conductors, ohm/km: trunk near the substation, laterals, spurs.
        var r = new double[n];
        var x = new double[n];
        for (var b = 1; b < n; b++)
        {
            var lengthKm = rng.Uniform(0.1, 0.5);
            var (rPerKm, xPerKm) = depth[b] <= 3 ? (0.20, 0.35) : rng.Chance(0.6) ? (0.45, 0.38) : (0.80, 0.40);
            r[b] = rPerKm * lengthKm;
            x[b] = xPerKm * lengthKm;
        }

        // LinDistFlow drop with the passive loads (squared voltage is linear in the impedances): scale every
        // section length by one factor so that the weakest bus sits at BaseMinVoltagePu. The feeder is then as
        // stressed at every size: feasible at the base point, with limits that prosumers can reach.
        var downKw = new double[n];
        var downKvar = new double[n];
        for (var b = n - 1; b >= 1; b--)
        {
            downKw[b] += buses[b].LoadKw;
            downKvar[b] += buses[b].LoadKvar;
            if (parent[b] > 0)
            {
                downKw[parent[b]] += downKw[b];
                downKvar[parent[b]] += downKvar[b];
            }
        }
        var zBase = o.BaseKv * o.BaseKv / o.BaseMva;
        var powerBaseKw = 1000.0 * o.BaseMva;
        var drop = new double[n];
        var maxDrop = 0.0;
        for (var b = 1; b < n; b++)
        {
            drop[b] = drop[parent[b]] + 2.0 * (r[b] * downKw[b] + x[b] * downKvar[b]) / zBase / powerBaseKw;
            maxDrop = Math.Max(maxDrop, drop[b]);
        }
        var allowed = 1.0 - o.BaseMinVoltagePu * o.BaseMinVoltagePu;
        var shrink = maxDrop > 0 ? allowed / maxDrop : 1.0;

        // Thermal limits: the substation branch and a share of the others, with 10-50 % headroom over the
        // passive flow plus a few kW, so the base point is feasible and market flows can reach them.
        var branches = new FeederBranch[n - 1];
        for (var b = 1; b < n; b++)
        {
            double? limit = b == 1 || rng.Chance(o.LimitedBranchShare)
                ? Round(downKw[b] * rng.Uniform(1.1, 1.5) + rng.Uniform(5, 20))
                : null;
            branches[b - 1] = new FeederBranch(parent[b], b, Significant(r[b] * shrink), Significant(x[b] * shrink), limit);
        }
        return new Feeder(name, o.BaseKv, o.BaseMva, 1.0, buses, branches, name);
    }

    // ---- prosumers ---------------------------------------------------------------------------------------

    /// <summary>Shares of PV-rich, flexible consumer, mixed, generator (rest: plain) prosumers at a bus of each
    /// neighbourhood character: solar-heavy, load-heavy, mixed. Clustering makes the market move power between
    /// neighbourhoods, so that network limits matter.</summary>
    private static readonly double[][] KindShares =
    [
        [0.55, 0.15, 0.20, 0.05],
        [0.08, 0.57, 0.15, 0.12],
        [0.30, 0.35, 0.20, 0.10],
    ];

    private static ProsumerParameters[] GenerateProsumers(int count, Feeder feeder, SplitMix64 rng)
    {
        var character = new int[feeder.BusCount];
        for (var b = 1; b < feeder.BusCount; b++)
        {
            var u = rng.NextDouble();
            character[b] = u < 0.35 ? 0 : u < 0.7 ? 1 : 2;
        }
        var digits = count.ToString(CultureInfo.InvariantCulture).Length;
        var prosumers = new ProsumerParameters[count];
        for (var i = 0; i < count; i++)
        {
            var id = "p" + (i + 1).ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            var bus = 1 + rng.Next(feeder.BusCount - 1);
            var shares = KindShares[character[bus]];
            var u = rng.NextDouble();
            var kind = u < shares[0] ? Kind.PvRich
                : u < shares[0] + shares[1] ? Kind.FlexibleConsumer
                : u < shares[0] + shares[1] + shares[2] ? Kind.Mixed
                : u < shares[0] + shares[1] + shares[2] + shares[3] ? Kind.Generator
                : Kind.Plain;
            prosumers[i] = kind switch
            {
                Kind.PvRich => Draw(id, bus, rng, fixedKw: (0.3, 2), pvKw: (4, 12), demandMaxKw: (0, 2), alpha: (0.12, 0.2), beta: (0.005, 0.02), retailShare: 0.7),
                Kind.FlexibleConsumer => Draw(id, bus, rng, fixedKw: (1, 4), pvKw: (0, 0), demandMaxKw: (2, 10), alpha: (0.18, 0.32), beta: (0.003, 0.015), retailShare: 0.9, demandMinShare: 0.2),
                Kind.Mixed => Draw(id, bus, rng, fixedKw: (0.5, 3), pvKw: (2, 6), demandMaxKw: (1, 5), alpha: (0.15, 0.28), beta: (0.005, 0.02), retailShare: 0.8),
                Kind.Generator => Draw(id, bus, rng, fixedKw: (0, 1), pvKw: (0, 0), demandMaxKw: (0, 0), alpha: (0.2, 0.2), beta: (0.01, 0.01), retailShare: 0.5, generation: true),
                _ => Draw(id, bus, rng, fixedKw: (0.5, 3), pvKw: (0, 0), demandMaxKw: (0, 0), alpha: (0.2, 0.2), beta: (0.01, 0.01), retailShare: 1.0),
            };
        }
        return prosumers;
    }

    private static ProsumerParameters Draw(string id, int bus, SplitMix64 rng,
        (double Low, double High) fixedKw, (double Low, double High) pvKw, (double Low, double High) demandMaxKw,
        (double Low, double High) alpha, (double Low, double High) beta, double retailShare,
        double demandMinShare = 0.0, bool generation = false)
    {
        var fixedLoad = Round(rng.Uniform(fixedKw.Low, fixedKw.High));
        var pv = Round(rng.Uniform(pvKw.Low, pvKw.High));
        var demandMax = Round(rng.Uniform(demandMaxKw.Low, demandMaxKw.High));
        var demandMin = Round(demandMax * rng.Uniform(0, demandMinShare));
        var generationMax = generation ? Round(rng.Uniform(5, 30)) : 0.0;
        var a = generation ? Significant(rng.Uniform(0.0005, 0.005)) : 0.001;
        var c = generation ? Round(rng.Uniform(0.06, 0.14)) : 0.1;
        var retail = rng.Chance(retailShare) ? Math.Max(Math.Max(fixedLoad + demandMax, pv), generationMax) : 0.0;
        return new ProsumerParameters(id, bus, fixedLoad, pv, generationMax, a, c, demandMin, demandMax,
            Round(rng.Uniform(alpha.Low, alpha.High)), Significant(rng.Uniform(beta.Low, beta.High)), Round(retail));
    }

    /// <summary>A prosumer that could not meet its fixed load and minimum demand gets a retail contract that can.</summary>
    private static ProsumerParameters[] EnsureBalanceable(ProsumerParameters[] prosumers, TradeGraph graph)
    {
        for (var i = 0; i < prosumers.Length; i++)
        {
            var p = prosumers[i];
            var trade = 0.0;
            for (var s = graph.SlotStart(i); s < graph.SlotStart(i) + graph.PartnerCount(i); s++) trade += graph.PairOf(s).LimitKw;
            var shortfall = p.FixedLoadKw + p.DemandMinKw - (p.PvAvailableKw + p.GenerationMaxKw + p.RetailLimitKw + trade);
            if (shortfall > 0) prosumers[i] = p with { RetailLimitKw = Round(p.FixedLoadKw + p.DemandMaxKw) };
        }
        return prosumers;
    }

    // ---- trading graph -------------------------------------------------------------------------------------

    private static TradeGraph GenerateTradeGraph(ProsumerParameters[] prosumers, Feeder feeder, SyntheticScenarioOptions o, SplitMix64 rng)
    {
        var n = prosumers.Length;
        var min = Math.Min(o.MinPartners, n - 1);
        var max = Math.Max(min, Math.Min(o.MaxPartners, n - 1));

        // Prosumers in depth-first bus order: neighbours in this order sit close on the feeder.
        var position = new int[feeder.BusCount];
        var dfs = feeder.TopologicalOrder;
        for (var k = 0; k < dfs.Length; k++) position[dfs[k]] = k;
        var order = Enumerable.Range(0, n).OrderBy(i => position[prosumers[i].Bus]).ThenBy(i => i).ToArray();

        var edges = new HashSet<long>();
        var degree = new int[n];
        bool Add(int i, int j)
        {
            if (i == j || degree[i] >= max || degree[j] >= max || !edges.Add(Key(i, j))) return false;
            degree[i]++;
            degree[j]++;
            return true;
        }

        // 1. Nearby: each prosumer with the next one and (mostly) the one after in feeder order; the chain of
        //    next-ones keeps the graph connected.
        for (var k = 0; k + 1 < n; k++)
        {
            Add(order[k], order[k + 1]);
            if (k + 2 < n && !rng.Chance(0.25)) Add(order[k], order[k + 2]);
            if (k + 3 < n && rng.Chance(0.25)) Add(order[k], order[k + 3]);
        }
        // 2. A few long-distance partners anywhere on the feeder.
        for (var i = 0; i < n && n > 2; i++)
        {
            if (!rng.Chance(o.FarPartnerShare)) continue;
            for (var attempt = 0; attempt < 8; attempt++)
                if (Add(i, rng.Next(n))) break;
        }
        // 3. Top up anyone below the minimum with the nearest prosumers in feeder order that have room.
        var rank = new int[n];
        for (var k = 0; k < n; k++) rank[order[k]] = k;
        for (var i = 0; i < n; i++)
        for (var distance = 1; degree[i] < min && distance < n; distance++)
        {
            if (rank[i] + distance < n) Add(i, order[rank[i] + distance]);
            if (degree[i] < min && rank[i] - distance >= 0) Add(i, order[rank[i] - distance]);
        }

        var pairs = edges.Select(e => ((int)(e >> 32), (int)(e & 0xFFFFFFFF)))
            .OrderBy(p => p.Item1).ThenBy(p => p.Item2)
            .Select(p => new TradePair(p.Item1, p.Item2, o.TradeLimitKw))
            .ToArray();
        return new TradeGraph(n, pairs);
    }

    private static long Key(int i, int j) => i < j ? ((long)i << 32) | (uint)j : ((long)j << 32) | (uint)i;

    private static double Round(double value) => Math.Round(value, 3);

    /// <summary>Rounds to 6 significant digits (short JSON, never rounds a small impedance to zero).</summary>
    private static double Significant(double value)
    {
        if (value == 0) return 0;
        var scale = Math.Pow(10, 5 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
        return Math.Round(value * scale) / scale;
    }
}
