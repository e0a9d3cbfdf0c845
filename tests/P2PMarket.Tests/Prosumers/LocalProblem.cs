using P2PMarket.Prosumers;

namespace P2PMarket.Tests.Prosumers;

/// <summary>Shapes of random local problems: general ones and the degenerate corners of the local set.</summary>
public enum LocalProblemKind
{
    General,
    AllBoundsTight,
    ZeroPartners,
    RetailOnly,
    PvOnly,
    NetworkPriceAtExport,
    NetworkPriceAtImport,
    TradeKnotTies,
    PureBestResponse,
    InjectionProximal,
    BoundaryFeasible,
}

/// <summary>Shapes of the injection bounds <c>OEmin &lt;= p &lt;= OEmax</c> that <see cref="LocalProblem.RandomBounded"/>
/// adds (MODEL.md sec. 4).</summary>
public enum InjectionBoundKind
{
    None,
    UpperOnly,
    LowerOnly,
    Both,
    Fixed,
    AtFeasibleEnds,
    InsidePvJump,
    OutsideProductionRange,
}

/// <summary>One local problem of MODEL.md sec. 7 step 2: a prosumer at the centre of a star trading graph. With
/// <paramref name="TradeLimitOverride"/> (one entry per own slot) the solver is given those trade limits in place of
/// the pairs'.</summary>
public sealed record LocalProblem(
    LocalProblemKind Kind,
    ProsumerParameters Prosumer,
    RetailPrices Retail,
    TradeGraph Graph,
    int Index,
    LocalPrices Prices,
    double[] TradePrice,
    double[] TradeAnchor,
    double[]? TradeLimitOverride = null)
{
    public int PartnerCount => TradePrice.Length;

    public TradePair Pair(int k) => Graph.PairOf(Graph.SlotStart(Index) + k);

    /// <summary>The bound on <c>|t|</c> of own slot <paramref name="k"/>, kW: the override if any, else the pair's.</summary>
    public double LimitKw(int k) => TradeLimitOverride is null ? Pair(k).LimitKw : TradeLimitOverride[k];

    public double TradeLimitSum()
    {
        var sum = 0.0;
        for (var k = 0; k < PartnerCount; k++) sum += LimitKw(k);
        return sum;
    }

    /// <summary>Smallest and largest injection the bus side can make: <c>-l - Dmax</c>, <c>Gmax + s - l - Dmin</c>, kW.</summary>
    public (double Min, double Max) ProductionRange()
        => (-Prosumer.FixedLoadKw - Prosumer.DemandMaxKw,
            Prosumer.GenerationMaxKw + Prosumer.PvAvailableKw - Prosumer.FixedLoadKw - Prosumer.DemandMinKw);

    /// <summary>The injections that can be balanced: the production range within what trades and retail can carry.</summary>
    public (double Min, double Max) BalanceableRange()
    {
        var (low, high) = ProductionRange();
        var market = TradeLimitSum() + Prosumer.RetailLimitKw;
        return (Math.Max(low, -market), Math.Min(high, market));
    }

    /// <summary>The problem of <see cref="Random"/> for the same seed, plus (from an independent random stream, so the
    /// base problem is unchanged) optional per-slot trade limit overrides, some of them 0 (blocked), and injection
    /// bounds of shape cycling with the seed. Always feasible.</summary>
    public static LocalProblem RandomBounded(int seed, int maxPartners = 12)
    {
        var problem = Random(seed, maxPartners);
        var random = new Random(unchecked(seed * 7919 + 104729));
        double Uniform(double low, double high) => low + (high - low) * random.NextDouble();
        bool Coin(double probability) => random.NextDouble() < probability;

        // 1. trade limit overrides: blocked slots, tightened and widened limits; dropped if they leave no balance
        if (problem.PartnerCount > 0 && Coin(0.6))
        {
            var limits = new double[problem.PartnerCount];
            for (var k = 0; k < limits.Length; k++)
                limits[k] = random.Next(4) switch
                {
                    0 => 0,
                    1 => problem.Pair(k).LimitKw,
                    _ => problem.Pair(k).LimitKw * Uniform(0.1, 1.5),
                };
            var overridden = problem with { TradeLimitOverride = limits };
            var (low, high) = overridden.BalanceableRange();
            if (low <= high) problem = overridden;
        }

        // 2. injection bounds inside (or around) the balanceable range
        var kinds = Enum.GetValues<InjectionBoundKind>();
        var kind = kinds[seed / Enum.GetValues<LocalProblemKind>().Length % kinds.Length];
        var (a, b) = problem.BalanceableRange();
        if (b < a) b = a; // a problem balanced at the edge of its range (BoundaryFeasible) can cross by rounding
        var (productionMin, productionMax) = problem.ProductionRange();
        double min = double.NegativeInfinity, max = double.PositiveInfinity;
        switch (kind)
        {
            case InjectionBoundKind.UpperOnly:
                max = Uniform(a, b + 1);
                break;
            case InjectionBoundKind.LowerOnly:
                min = Uniform(a - 1, b);
                break;
            case InjectionBoundKind.Both:
                var x = Uniform(a - 0.5, b + 0.5);
                var y = Uniform(a - 0.5, b + 0.5);
                (min, max) = (Math.Min(x, y), Math.Max(x, y));
                if (max < a) max = a;
                if (min > b) min = b;
                break;
            case InjectionBoundKind.Fixed:
                min = max = Uniform(a, b);
                break;
            case InjectionBoundKind.AtFeasibleEnds:
                if (Coin(0.5)) max = a; else min = b;
                if (Coin(0.3)) (min, max) = (a, b);
                break;
            case InjectionBoundKind.InsidePvJump:
                // the injection's jump at u = 0 (PV switches on): bounds inside [G(0-), G(0+)] clip the tie
                var p = problem.Prosumer;
                var generation = Math.Clamp(-p.GenerationCostLinear / (2 * p.GenerationCostQuadratic), 0, p.GenerationMaxKw);
                var demand = Math.Clamp(p.UtilityLinear / (2 * p.UtilityQuadratic), p.DemandMinKw, p.DemandMaxKw);
                var jumpLow = generation - p.FixedLoadKw - demand;
                var inside = Math.Clamp(jumpLow + Uniform(0, 1) * p.PvAvailableKw, a, b);
                if (Coin(0.5)) max = inside; else min = inside;
                if (Coin(0.3)) (min, max) = (Math.Min(inside, Math.Clamp(jumpLow + Uniform(0, 1) * p.PvAvailableKw, a, b)), inside);
                break;
            case InjectionBoundKind.OutsideProductionRange:
                min = productionMin - Uniform(0, 5);
                max = productionMax + Uniform(0, 5);
                if (Coin(0.3)) (min, max) = (productionMin, productionMax);
                break;
        }
        return problem with { Prices = problem.Prices with { InjectionMinKw = min, InjectionMaxKw = max } };
    }

    /// <summary>The problem of seed <paramref name="seed"/>; its kind cycles with the seed. With
    /// <paramref name="infeasible"/> the fixed load exceeds everything the prosumer can supply.</summary>
    public static LocalProblem Random(int seed, int maxPartners = 12, bool infeasible = false)
    {
        var kinds = Enum.GetValues<LocalProblemKind>();
        var kind = kinds[seed % kinds.Length];
        var random = new Random(seed);
        double Uniform(double low, double high) => low + (high - low) * random.NextDouble();
        double LogUniform(double low, double high) => low * Math.Pow(high / low, random.NextDouble());
        bool Coin(double probability) => random.NextDouble() < probability;

        var retail = new RetailPrices(Uniform(0.15, 0.35), Coin(0.2) ? 0 : Uniform(-0.02, 0.1));
        var pv = Coin(0.3) ? 0 : Uniform(0, 10);
        var generationMax = Coin(0.3) ? 0 : Uniform(0, 10);
        var demandMin = Coin(0.3) ? 0 : Uniform(0, 3);
        var demandMax = Coin(0.2) ? demandMin : demandMin + Uniform(0, 5);
        var retailLimit = Coin(0.2) ? 0 : Uniform(0, 15);
        var partners = random.Next(0, maxPartners + 1);
        var networkPrice = Coin(0.2) ? 0 : Uniform(-0.15, 0.15);
        var rho = Coin(0.3) ? 0 : LogUniform(1e-3, 2);
        var tau = Coin(0.5) ? 0 : LogUniform(1e-3, 5);
        var injectionAnchor = Uniform(-15, 15);
        var defaultPairs = false;
        var load = double.NaN;

        switch (kind)
        {
            case LocalProblemKind.AllBoundsTight:
                generationMax = 0;
                demandMax = demandMin;
                retailLimit = 0;
                partners = 0;
                if (Coin(0.5))
                {
                    pv = 0;
                    demandMin = demandMax = 0;
                    load = 0;
                }
                else
                {
                    pv = Uniform(0.1, 10);
                    demandMin = demandMax = Uniform(0, pv);
                    load = pv - demandMin;
                }
                break;
            case LocalProblemKind.ZeroPartners:
                partners = 0;
                break;
            case LocalProblemKind.RetailOnly:
                generationMax = 0;
                pv = 0;
                demandMax = demandMin;
                partners = 0;
                retailLimit = Uniform(demandMin, demandMin + 15);
                break;
            case LocalProblemKind.PvOnly:
                generationMax = 0;
                retailLimit = 0;
                partners = 0;
                demandMin = demandMax = 0;
                pv = Uniform(0.1, 10);
                break;
            case LocalProblemKind.NetworkPriceAtExport:
                networkPrice = retail.ExportPerKwh;
                if (Coin(0.7)) tau = 0;
                if (pv == 0) pv = Uniform(0.1, 10);
                break;
            case LocalProblemKind.NetworkPriceAtImport:
                networkPrice = retail.ImportPerKwh;
                if (Coin(0.7)) tau = 0;
                break;
            case LocalProblemKind.TradeKnotTies:
                rho = Coin(0.5) ? 0 : rho;
                break;
            case LocalProblemKind.PureBestResponse:
                rho = 0;
                tau = 0;
                defaultPairs = true;
                break;
            case LocalProblemKind.InjectionProximal:
                tau = LogUniform(1e-3, 5);
                if (Coin(0.3)) networkPrice = retail.ExportPerKwh;
                break;
        }

        // star graph: the prosumer sits at a random index among its partners
        var index = random.Next(0, partners + 1);
        var pairs = new List<TradePair>();
        for (var j = 0; j <= partners; j++)
        {
            if (j == index) continue;
            var limit = Uniform(0.2, 8);
            var fee = random.Next(3) switch { 0 => 0, 1 => 0.001, _ => Uniform(0, 0.03) };
            var friction = Coin(0.5) ? 1e-6 : LogUniform(1e-5, 0.1);
            pairs.Add(defaultPairs ? new TradePair(Math.Min(index, j), Math.Max(index, j), limit)
                : new TradePair(Math.Min(index, j), Math.Max(index, j), limit, fee, friction));
        }
        var graph = new TradeGraph(partners + 1, pairs);
        var first = graph.SlotStart(index);
        var tradePrice = new double[partners];
        var tradeAnchor = new double[partners];
        for (var k = 0; k < partners; k++)
        {
            var pair = graph.PairOf(first + k);
            tradePrice[k] = Uniform(-0.1, 0.45);
            tradeAnchor[k] = Coin(0.3) ? 0 : Uniform(-pair.LimitKw, pair.LimitKw);
            if (kind == LocalProblemKind.TradeKnotTies)
            {
                // trade knots on the retail, network and each other's knots
                tradeAnchor[k] = 0;
                tradePrice[k] = random.Next(5) switch
                {
                    0 => retail.ExportPerKwh + pair.FeePerKwh,
                    1 => retail.ImportPerKwh - pair.FeePerKwh,
                    2 => networkPrice + pair.FeePerKwh,
                    3 => k > 0 ? tradePrice[k - 1] : retail.ExportPerKwh,
                    _ => retail.ExportPerKwh - pair.FeePerKwh - (pair.Friction + rho) * pair.LimitKw,
                };
            }
        }

        var tradeLimitSum = pairs.Sum(p => p.LimitKw);
        var supply = generationMax + pv + tradeLimitSum + retailLimit;
        if (demandMin > supply)
        {
            demandMin = Uniform(0, supply);
            demandMax = Math.Max(demandMax, demandMin);
        }
        if (double.IsNaN(load))
        {
            var capacity = supply - demandMin;
            load = kind == LocalProblemKind.BoundaryFeasible ? capacity
                : kind is LocalProblemKind.RetailOnly or LocalProblemKind.PvOnly ? Uniform(0, capacity)
                : Uniform(0, 1) * Math.Min(capacity, 12);
        }
        if (infeasible) load = supply - demandMin + Uniform(1e-3, 5);

        var prosumer = new ProsumerParameters(
            Id: $"prosumer-{seed}",
            Bus: seed % 69,
            FixedLoadKw: load,
            PvAvailableKw: pv,
            GenerationMaxKw: generationMax,
            GenerationCostQuadratic: LogUniform(1e-3, 0.2),
            GenerationCostLinear: Uniform(-0.05, 0.3),
            DemandMinKw: demandMin,
            DemandMaxKw: demandMax,
            UtilityLinear: Uniform(-0.1, 0.6),
            UtilityQuadratic: LogUniform(1e-3, 0.2),
            RetailLimitKw: retailLimit);
        var prices = new LocalPrices(networkPrice, rho, tau, tau > 0 ? injectionAnchor : 0);
        return new LocalProblem(kind, prosumer, retail, graph, index, prices, tradePrice, tradeAnchor);
    }
}
