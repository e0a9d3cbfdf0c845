namespace P2PMarket.Prosumers;

/// <summary>
/// Exact local optimization of one prosumer (MODEL.md sec. 7 step 2):
/// <c>min C_i + networkPrice p_i + sum_j [ -tradePrice_ij t_ij + rho/2 (t_ij - anchor_ij)^2 ] + tau/2 (p_i - pAnchor)^2</c>
/// over the prosumer's local set with its power balance, optionally with an operating envelope
/// <c>OEmin &lt;= p_i &lt;= OEmax</c> (MODEL.md sec. 4) and per-slot trade limits that override the pair's (the
/// <c>discard</c> market blocks a trade with limit 0). Separable given the balance multiplier, solved
/// exactly by breakpoint search on that multiplier.
/// </summary>
/// <remarks>
/// <para>Method. Given the balance price <c>lambda</c> every variable has a closed form
/// (<see cref="TradeResponse"/>, <see cref="ProductionResponse"/>; import <c>m = Emax</c> if
/// <c>lambda &gt; priceImport</c>, export <c>x = Emax</c> if <c>lambda &lt; priceExport</c>). The balance
/// mismatch <c>F(lambda) = p - (sum_j t_ij - m + x)</c> is then nondecreasing and piecewise linear, with jumps
/// where a variable is set-valued (PV use at <c>lambda = networkPrice</c> when <c>tau = 0</c>, import at
/// <c>priceImport</c>, export at <c>priceExport</c>). Injection bounds clip the bus side's response and add a
/// knot each (<see cref="ProductionResponse"/>); a blocked trade slot contributes neither trade nor knots. The
/// solver collects all knots of <c>F</c>, sorts them, binary-searches the first knot with <c>F(knot+) &gt;= 0</c>,
/// and either stops at that knot, placing the set-valued variables at the same fraction of their ranges so that
/// the balance holds, or solves the linear piece before it. This is the breakpoint method for separable convex knapsack problems (Helgason, Kennington
/// and Lall 1980; Kiwiel 2008). Cost: <c>O(n log n)</c> for <c>n</c> partners, no iteration to a tolerance.</para>
/// <para>Threading. An instance reuses internal buffers so that a solve allocates nothing: it is not
/// thread-safe. Use one instance per thread (instances are cheap).</para>
/// </remarks>
public sealed class LocalSolver(RetailPrices retail)
{
    /// <summary>Balance shortfall tolerated as rounding, relative to the sum of the local bounds: a local set
    /// that misses the balance by less is treated as feasible and solved at its nearest point.</summary>
    public const double RelativeFeasibilityTolerance = 1e-12;

    private TradeResponse[] tradeBuffer = new TradeResponse[16];
    private double[] knotBuffer = new double[16 * 4 + 2 + 12];

    /// <summary>Market-wide retail prices used by every solve.</summary>
    public RetailPrices Retail { get; } = retail;

    /// <summary>Solves the local problem of prosumer <paramref name="prosumerIndex"/>.</summary>
    /// <param name="prosumer">Private parameters.</param>
    /// <param name="graph">Trading graph (pair limits, fees, friction).</param>
    /// <param name="prosumerIndex">Index of the prosumer in <paramref name="graph"/>.</param>
    /// <param name="prices">Network price, rho and the optional injection proximal term.</param>
    /// <param name="tradePrice">Per own slot: <c>tradePrice_ij</c>, $/kWh (received when selling).</param>
    /// <param name="tradeAnchor">Per own slot: <c>(t_ij^k - t_ji^k)/2</c>, kW.</param>
    /// <param name="trades">Per own slot, written: the new <c>t_ij</c>, kW.</param>
    /// <param name="tradeLimitKw">Optional, per own slot: the bound on <c>|t_ij|</c>, kW, in place of the pair's
    /// <see cref="TradePair.LimitKw"/> (0 blocks the trade: it is returned as 0). Empty (the default): the pair limits.</param>
    /// <returns>The decision; its <see cref="LocalDecision.Cost"/> is <see cref="ProsumerCost.Evaluate"/> at it.</returns>
    /// <exception cref="InvalidOperationException">The local set is empty (the balance cannot be met, or the injection
    /// bounds exclude every injection the prosumer can make and balance); the message names the prosumer and, when
    /// they cause it, the bound.</exception>
    /// <exception cref="ArgumentException">A span has not one entry per partner, or a parameter is out of its
    /// domain (<c>a &lt;= 0</c>, <c>beta &lt;= 0</c>, <c>Dmin &gt; Dmax</c>, a negative bound, <c>rho &lt; 0</c>,
    /// <c>tau &lt; 0</c>, <c>gamma + rho &lt;= 0</c>, a non-finite price, a NaN injection bound, a trade limit
    /// override that is negative or not finite).</exception>
    public LocalDecision Solve(ProsumerParameters prosumer, TradeGraph graph, int prosumerIndex, in LocalPrices prices,
        ReadOnlySpan<double> tradePrice, ReadOnlySpan<double> tradeAnchor, Span<double> trades,
        ReadOnlySpan<double> tradeLimitKw = default)
    {
        var partnerCount = graph.PartnerCount(prosumerIndex);
        Validate(prosumer, partnerCount, prices, tradePrice, tradeAnchor, trades, tradeLimitKw);

        // 1. closed-form responses: trades per slot, the bus side, retail
        if (tradeBuffer.Length < partnerCount) tradeBuffer = new TradeResponse[Math.Max(partnerCount, 2 * tradeBuffer.Length)];
        var responses = tradeBuffer.AsSpan(0, partnerCount);
        var firstSlot = graph.SlotStart(prosumerIndex);
        var tradeLimitSum = 0.0;
        for (var k = 0; k < partnerCount; k++)
        {
            var pair = graph.PairOf(firstSlot + k);
            var curvature = pair.Friction + prices.Rho;
            if (!(curvature > 0))
                throw new ArgumentException($"prosumer '{prosumer.Id}', partner slot {k}: friction + rho must be > 0, got {curvature}");
            var center = tradePrice[k] + prices.Rho * tradeAnchor[k];
            if (!double.IsFinite(center))
                throw new ArgumentException($"prosumer '{prosumer.Id}', partner slot {k}: trade price {tradePrice[k]} and anchor {tradeAnchor[k]} must be finite");
            var limit = tradeLimitKw.IsEmpty ? pair.LimitKw : tradeLimitKw[k];
            responses[k] = new TradeResponse(center, pair.FeePerKwh, curvature, limit);
            tradeLimitSum += limit;
        }
        var production = new ProductionResponse(prosumer, prices);
        var retailLimit = prosumer.RetailLimitKw;

        // 2. feasibility: F(+inf) >= 0 >= F(-inf), up to rounding, with the injection inside its bounds
        var tolerance = RelativeFeasibilityTolerance
            * (1 + prosumer.FixedLoadKw + prosumer.PvAvailableKw + prosumer.GenerationMaxKw + prosumer.DemandMaxKw + tradeLimitSum + retailLimit);
        CheckInjectionBounds(prosumer, prices, production, tolerance);
        var highest = Math.Min(production.MaxInjectionKw, prices.InjectionMaxKw) + tradeLimitSum + retailLimit;
        var lowest = Math.Max(production.MinInjectionKw, prices.InjectionMinKw) - tradeLimitSum - retailLimit;
        if (highest < -tolerance && prices.InjectionMaxKw < production.MaxInjectionKw)
            throw new InvalidOperationException(
                $"prosumer '{prosumer.Id}': local set is empty: InjectionMaxKw = {prices.InjectionMaxKw:G6} kW requires buying "
                + $"at least {-prices.InjectionMaxKw:G6} kW, but trades and retail import supply at most "
                + $"{tradeLimitSum + retailLimit:G6} kW, so the power balance cannot be met within the operating envelope");
        if (lowest > tolerance && prices.InjectionMinKw > production.MinInjectionKw)
            throw new InvalidOperationException(
                $"prosumer '{prosumer.Id}': local set is empty: InjectionMinKw = {prices.InjectionMinKw:G6} kW requires selling "
                + $"at least {prices.InjectionMinKw:G6} kW, but trades and retail export can absorb at most "
                + $"{tradeLimitSum + retailLimit:G6} kW, so the power balance cannot be met within the operating envelope");
        if (highest < -tolerance)
            throw new InvalidOperationException(
                $"prosumer '{prosumer.Id}': local set is empty: fixed load + minimum flexible demand = "
                + $"{prosumer.FixedLoadKw + prosumer.DemandMinKw:G6} kW exceeds generation max + available PV + trade limits "
                + $"+ retail limit = {prosumer.GenerationMaxKw + prosumer.PvAvailableKw + tradeLimitSum + retailLimit:G6} kW, "
                + "so the power balance cannot be met");
        if (lowest > tolerance)
            throw new InvalidOperationException(
                $"prosumer '{prosumer.Id}': local set is empty: the smallest bus injection {production.MinInjectionKw:G6} kW "
                + $"exceeds what trades and retail export can absorb ({tradeLimitSum + retailLimit:G6} kW), "
                + "so the power balance cannot be met");

        // 3. knots of F, sorted
        var knotCount = ProductionResponse.KnotCapacity + 4 * partnerCount + 2;
        if (knotBuffer.Length < knotCount) knotBuffer = new double[Math.Max(knotCount, 2 * knotBuffer.Length)];
        var knots = knotBuffer.AsSpan();
        var written = production.WriteKnots(knots);
        for (var k = 0; k < partnerCount; k++)
        {
            if (responses[k].LimitKw == 0) continue; // blocked: identically 0, no bend
            responses[k].WriteKnots(knots[written..]);
            written += 4;
        }
        if (retailLimit > 0)
        {
            knots[written++] = Retail.ImportPerKwh;
            knots[written++] = Retail.ExportPerKwh;
        }
        knots = knots[..written];
        knots.Sort();

        // 4. binary search: the first knot with F(knot+) >= 0
        int low = 0, high = written;
        double mismatchBefore = double.NaN, mismatchAfter = double.NaN;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var f = Mismatch(knots[middle], 1, production, responses, retailLimit);
            if (f < 0) { low = middle + 1; mismatchBefore = f; }
            else { high = middle; mismatchAfter = f; }
        }

        // 5. the crossing: at a knot (fractional set-valued variables) or inside the linear piece before it
        double balancePrice, tieFraction;
        if (low == written)
        {
            balancePrice = knots[written - 1];
            tieFraction = 1;
        }
        else
        {
            var left = Mismatch(knots[low], 0, production, responses, retailLimit);
            if (left <= 0)
            {
                balancePrice = knots[low];
                tieFraction = mismatchAfter > left ? Math.Min(Math.Max(-left / (mismatchAfter - left), 0), 1) : 0;
            }
            else if (low == 0)
            {
                balancePrice = knots[0];
                tieFraction = 0;
            }
            else
            {
                var start = knots[low - 1];
                var end = knots[low];
                balancePrice = start + -mismatchBefore / (left - mismatchBefore) * (end - start);
                balancePrice = Math.Min(Math.Max(balancePrice, start), end);
                tieFraction = balancePrice == start ? 1 : 0;
            }
        }
        if (!double.IsFinite(balancePrice))
            throw new ArgumentException($"prosumer '{prosumer.Id}': a price or parameter is not finite (balance price {balancePrice})");

        // 6. the decision at the crossing
        production.Decide(balancePrice, tieFraction, out var generation, out var pvUsed, out var demand, out var injection, out var boundPrice);
        var import = RetailImport(balancePrice, tieFraction, retailLimit);
        var export = RetailExport(balancePrice, tieFraction, retailLimit);
        var tradeSum = 0.0;
        var interiorSlope = 0.0;
        for (var k = 0; k < partnerCount; k++)
        {
            var t = responses[k].At(balancePrice);
            trades[k] = t;
            tradeSum += t;
            if (t != 0 && Math.Abs(t) < responses[k].LimitKw) interiorSlope += 1 / responses[k].Curvature;
        }

        // 7. rounding polish: trades inside their linear pieces absorb the last rounding of the balance, each in
        // proportion to its slope (an exact Newton step on the piece; their stationarity moves by < 1 ulp of lambda)
        var residual = injection - (tradeSum - import + export);
        if (residual != 0 && interiorSlope > 0)
        {
            var step = residual / interiorSlope;
            for (var k = 0; k < partnerCount; k++)
            {
                var t = trades[k];
                var limit = responses[k].LimitKw;
                if (t == 0 || Math.Abs(t) >= limit) continue;
                var moved = t + step / responses[k].Curvature;
                trades[k] = t > 0 ? Math.Min(Math.Max(moved, 0), limit) : Math.Min(Math.Max(moved, -limit), 0);
            }
        }

        var decision = new LocalDecision(generation, pvUsed, demand, import, export, injection, balancePrice, 0, boundPrice);
        return decision with { Cost = ProsumerCost.Evaluate(prosumer, Retail, graph, prosumerIndex, decision, trades) };
    }

    /// <summary><c>F(lambda) = p - (sum t - m + x)</c>, kW, with set-valued variables at <paramref name="tieFraction"/>
    /// of their range (0 = left limit in <c>lambda</c>, 1 = right limit).</summary>
    private double Mismatch(double balancePrice, double tieFraction, in ProductionResponse production,
        ReadOnlySpan<TradeResponse> responses, double retailLimit)
    {
        var mismatch = production.InjectionKw(balancePrice, tieFraction)
            + RetailImport(balancePrice, tieFraction, retailLimit)
            - RetailExport(balancePrice, tieFraction, retailLimit);
        for (var k = 0; k < responses.Length; k++) mismatch -= responses[k].At(balancePrice);
        return mismatch;
    }

    private double RetailImport(double balancePrice, double tieFraction, double retailLimit)
        => balancePrice > Retail.ImportPerKwh ? retailLimit : balancePrice < Retail.ImportPerKwh ? 0 : tieFraction * retailLimit;

    private double RetailExport(double balancePrice, double tieFraction, double retailLimit)
        => balancePrice < Retail.ExportPerKwh ? retailLimit : balancePrice > Retail.ExportPerKwh ? 0 : (1 - tieFraction) * retailLimit;

    /// <summary>The injection bounds leave some injection the bus side can make: <c>OEmin &lt;= OEmax</c>,
    /// <c>OEmax &gt;= -l - Dmax</c>, <c>OEmin &lt;= Gmax + s - l - Dmin</c>, up to <paramref name="tolerance"/>.</summary>
    private static void CheckInjectionBounds(ProsumerParameters prosumer, in LocalPrices prices, in ProductionResponse production,
        double tolerance)
    {
        if (prices.InjectionMinKw > prices.InjectionMaxKw)
            throw new InvalidOperationException(
                $"prosumer '{prosumer.Id}': local set is empty: InjectionMinKw = {prices.InjectionMinKw:G6} kW exceeds "
                + $"InjectionMaxKw = {prices.InjectionMaxKw:G6} kW");
        if (prices.InjectionMaxKw < production.MinInjectionKw - tolerance)
            throw new InvalidOperationException(
                $"prosumer '{prosumer.Id}': local set is empty: InjectionMaxKw = {prices.InjectionMaxKw:G6} kW is below the "
                + $"smallest injection it can make, -(fixed load + max flexible demand) = {production.MinInjectionKw:G6} kW");
        if (prices.InjectionMinKw > production.MaxInjectionKw + tolerance)
            throw new InvalidOperationException(
                $"prosumer '{prosumer.Id}': local set is empty: InjectionMinKw = {prices.InjectionMinKw:G6} kW is above the "
                + $"largest injection it can make, generation max + available PV - fixed load - min flexible demand = "
                + $"{production.MaxInjectionKw:G6} kW");
    }

    private static void Validate(ProsumerParameters prosumer, int partnerCount, in LocalPrices prices,
        ReadOnlySpan<double> tradePrice, ReadOnlySpan<double> tradeAnchor, Span<double> trades, ReadOnlySpan<double> tradeLimitKw)
    {
        if (tradePrice.Length != partnerCount || tradeAnchor.Length != partnerCount || trades.Length != partnerCount)
            throw new ArgumentException(
                $"prosumer '{prosumer.Id}': expected {partnerCount} trade prices, anchors and trades (one per partner), "
                + $"got {tradePrice.Length}, {tradeAnchor.Length}, {trades.Length}");
        if (!(prosumer.GenerationCostQuadratic > 0))
            throw new ArgumentException($"prosumer '{prosumer.Id}': GenerationCostQuadratic must be > 0, got {prosumer.GenerationCostQuadratic}");
        if (!(prosumer.UtilityQuadratic > 0))
            throw new ArgumentException($"prosumer '{prosumer.Id}': UtilityQuadratic must be > 0, got {prosumer.UtilityQuadratic}");
        if (!(prosumer.FixedLoadKw >= 0 && prosumer.PvAvailableKw >= 0 && prosumer.GenerationMaxKw >= 0
              && prosumer.DemandMinKw >= 0 && prosumer.RetailLimitKw >= 0))
            throw new ArgumentException(
                $"prosumer '{prosumer.Id}': FixedLoadKw, PvAvailableKw, GenerationMaxKw, DemandMinKw and RetailLimitKw must be >= 0");
        if (!(prosumer.DemandMaxKw >= prosumer.DemandMinKw))
            throw new ArgumentException(
                $"prosumer '{prosumer.Id}': DemandMaxKw must be >= DemandMinKw, got {prosumer.DemandMaxKw} < {prosumer.DemandMinKw}");
        if (!double.IsFinite(prices.NetworkPrice) || !double.IsFinite(prices.InjectionAnchorKw))
            throw new ArgumentException(
                $"prosumer '{prosumer.Id}': NetworkPrice and InjectionAnchorKw must be finite, got {prices.NetworkPrice} and {prices.InjectionAnchorKw}");
        if (!(prices.Rho >= 0) || !(prices.InjectionProximal >= 0))
            throw new ArgumentException(
                $"prosumer '{prosumer.Id}': Rho and InjectionProximal must be >= 0, got {prices.Rho} and {prices.InjectionProximal}");
        if (double.IsNaN(prices.InjectionMinKw) || double.IsNaN(prices.InjectionMaxKw))
            throw new ArgumentException(
                $"prosumer '{prosumer.Id}': InjectionMinKw and InjectionMaxKw must not be NaN, got {prices.InjectionMinKw} and {prices.InjectionMaxKw}");
        if (tradeLimitKw.IsEmpty) return;
        if (tradeLimitKw.Length != partnerCount)
            throw new ArgumentException(
                $"prosumer '{prosumer.Id}': expected {partnerCount} trade limits (one per partner) or none, got {tradeLimitKw.Length}");
        for (var k = 0; k < partnerCount; k++)
            if (!(tradeLimitKw[k] >= 0 && tradeLimitKw[k] < double.PositiveInfinity))
                throw new ArgumentException(
                    $"prosumer '{prosumer.Id}', partner slot {k}: trade limit override must be finite and >= 0, got {tradeLimitKw[k]}");
    }
}
