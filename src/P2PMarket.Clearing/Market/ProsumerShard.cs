using P2PMarket.Clearing.Ports;
using P2PMarket.Prosumers;

namespace P2PMarket.Clearing.Market;

/// <summary>
/// A contiguous block of prosumers <c>[First, First + Count)</c> hosted together (a gateway's shard). Runs
/// their local steps (MODEL.md sec. 7 step 2) on the global-indexed request and result; their private
/// parameters stay inside. Not thread-safe: one instance per clearing stream.
/// </summary>
public sealed class ProsumerShard
{
    private readonly IReadOnlyList<ProsumerParameters> prosumers;
    private readonly TradeGraph graph;
    private readonly LocalSolver solver;
    private double[] limitBuffer = new double[16];

    /// <summary>Creates the shard.</summary>
    /// <param name="prosumers">All prosumers of the market (only the shard's range is read).</param>
    /// <param name="graph">Trading graph.</param>
    /// <param name="retail">Retail prices.</param>
    /// <param name="first">First prosumer index of the shard.</param>
    /// <param name="count">Number of prosumers in the shard.</param>
    public ProsumerShard(IReadOnlyList<ProsumerParameters> prosumers, TradeGraph graph, RetailPrices retail, int first, int count)
    {
        if (first < 0 || count < 0 || first + count > prosumers.Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"shard [{first}, {first + count}) is outside the {prosumers.Count} prosumers");
        this.prosumers = prosumers;
        this.graph = graph;
        solver = new LocalSolver(retail);
        First = first;
        Count = count;
    }

    /// <summary>First prosumer index.</summary>
    public int First { get; }

    /// <summary>Number of prosumers.</summary>
    public int Count { get; }

    /// <summary>First trade slot owned by the shard.</summary>
    public int FirstSlot => graph.SlotStart(First);

    /// <summary>One past the last trade slot owned by the shard.</summary>
    public int EndSlot => First + Count == graph.ProsumerCount ? graph.SlotCount : graph.SlotStart(First + Count);

    /// <summary>Solves the shard's local problems and writes their trades, injections (and decisions on request).</summary>
    public void Step(ProsumerStepRequest request, ProsumerStepResult result)
    {
        for (var i = First; i < First + Count; i++)
        {
            var start = graph.SlotStart(i);
            var partners = graph.PartnerCount(i);
            var prices = new LocalPrices(request.NetworkPrice[i], request.Rho, request.InjectionProximal, request.InjectionAnchorKw[i],
                request.InjectionMinKw[i], request.InjectionMaxKw[i]);
            var decision = solver.Solve(prosumers[i], graph, i, prices,
                request.TradePrice.AsSpan(start, partners), request.TradeAnchor.AsSpan(start, partners),
                result.Trades.AsSpan(start, partners), TradeLimits(request.TradeLimitKw, start, partners));
            result.InjectionKw[i] = decision.InjectionKw;
            if (request.IncludeDecisions) result.Decisions[i] = decision;
        }
    }

    /// <summary>The per-slot limits to pass the solver: empty when every override is +infinity (the pairs' own limits),
    /// else the smaller of the pair's limit and the override.</summary>
    private ReadOnlySpan<double> TradeLimits(double[] overrideKw, int start, int partners)
    {
        var any = false;
        for (var k = 0; k < partners && !any; k++) any = !double.IsPositiveInfinity(overrideKw[start + k]);
        if (!any) return default;
        if (limitBuffer.Length < partners) limitBuffer = new double[Math.Max(partners, 2 * limitBuffer.Length)];
        for (var k = 0; k < partners; k++) limitBuffer[k] = Math.Min(graph.PairOf(start + k).LimitKw, overrideKw[start + k]);
        return limitBuffer.AsSpan(0, partners);
    }
}
