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

/// <summary>One local problem of MODEL.md sec. 7 step 2: a prosumer at the centre of a star trading graph.</summary>
public sealed record LocalProblem(
    LocalProblemKind Kind,
    ProsumerParameters Prosumer,
    RetailPrices Retail,
    TradeGraph Graph,
    int Index,
    LocalPrices Prices,
    double[] TradePrice,
    double[] TradeAnchor)
{
    public int PartnerCount => TradePrice.Length;

    public TradePair Pair(int k) => Graph.PairOf(Graph.SlotStart(Index) + k);

    public double TradeLimitSum()
    {
        var sum = 0.0;
        for (var k = 0; k < PartnerCount; k++) sum += Pair(k).LimitKw;
        return sum;
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
