using System.Runtime.CompilerServices;

namespace P2PMarket.Prosumers;

/// <summary>
/// The bus side of a local solve (generation, PV use, flexible demand) as an exact function of the balance
/// price <c>lambda</c> (MODEL.md sec. 2, 7 step 2). Given the bus side's marginal value of injection
/// <c>u</c>, each variable has a closed form: <c>g = clip((u - c) / 2a, 0, Gmax)</c>,
/// <c>d = clip((alpha - u) / 2beta, Dmin, Dmax)</c>, <c>sUsed = s</c> if <c>u &gt; 0</c>, <c>0</c> if
/// <c>u &lt; 0</c>, anything in between at <c>u = 0</c>. The injection <c>G(u) = g + sUsed - l - d</c> is
/// nondecreasing and piecewise linear with at most five knots in <c>u</c> (a jump of <c>s</c> at 0).
/// <para>
/// The bus side values injection at <c>u = lambda - networkPrice - tau (p - pAnchor)</c>. With <c>tau = 0</c>,
/// <c>u = lambda - networkPrice</c> directly. With <c>tau &gt; 0</c>, <c>u</c> solves
/// <c>u + tau G(u) = lambda - networkPrice + tau pAnchor</c>, whose left side is strictly increasing: a
/// nested breakpoint search over the knots of <c>G</c> finds it exactly, and the injection <c>p(lambda)</c> is
/// continuous and piecewise linear with its knots at <c>lambda = networkPrice + u_k + tau (G(u_k) - pAnchor)</c>.
/// </para>
/// </summary>
internal struct ProductionResponse
{
    private const int MaxKnots = 5;

    private readonly double networkPrice;
    private readonly double proximal;
    private readonly double proximalShift;
    private readonly double load;
    private readonly double pv;
    private readonly double generationMax;
    private readonly double generationQuadratic;
    private readonly double generationLinear;
    private readonly double demandMin;
    private readonly double demandMax;
    private readonly double utilityLinear;
    private readonly double utilityQuadratic;
    private readonly int knotCount;
    private KnotArray knots;
    private KnotArray injectionBelow;
    private KnotArray injectionAbove;
    private KnotArray marginalSumBelow;
    private KnotArray marginalSumAbove;

    /// <summary>Builds the response of <paramref name="prosumer"/> to the scalar signals <paramref name="prices"/>.</summary>
    public ProductionResponse(ProsumerParameters prosumer, in LocalPrices prices)
    {
        networkPrice = prices.NetworkPrice;
        proximal = prices.InjectionProximal;
        proximalShift = prices.NetworkPrice - prices.InjectionProximal * prices.InjectionAnchorKw;
        load = prosumer.FixedLoadKw;
        pv = prosumer.PvAvailableKw;
        generationMax = prosumer.GenerationMaxKw;
        generationQuadratic = prosumer.GenerationCostQuadratic;
        generationLinear = prosumer.GenerationCostLinear;
        demandMin = prosumer.DemandMinKw;
        demandMax = prosumer.DemandMaxKw;
        utilityLinear = prosumer.UtilityLinear;
        utilityQuadratic = prosumer.UtilityQuadratic;

        // 1. knots of G(u): generation starts and saturates, demand saturates at Dmax and at Dmin, PV switches on
        knots[0] = generationLinear;
        knots[1] = generationLinear + 2 * generationQuadratic * generationMax;
        knots[2] = utilityLinear - 2 * utilityQuadratic * demandMax;
        knots[3] = utilityLinear - 2 * utilityQuadratic * demandMin;
        knots[4] = 0;
        for (var k = 1; k < MaxKnots; k++)
        {
            var value = knots[k];
            var j = k - 1;
            for (; j >= 0 && knots[j] > value; j--) knots[j + 1] = knots[j];
            knots[j + 1] = value;
        }
        var count = 1;
        for (var k = 1; k < MaxKnots; k++)
            if (knots[k] != knots[count - 1]) knots[count++] = knots[k];
        knotCount = count;

        // 2. one-sided injections at each knot and the left side u + tau G(u) of the nested equation
        for (var k = 0; k < count; k++)
        {
            var u = knots[k];
            var continuous = Generation(u) - load - Demand(u);
            injectionBelow[k] = continuous + (u > 0 ? pv : 0);
            injectionAbove[k] = continuous + (u >= 0 ? pv : 0);
            marginalSumBelow[k] = u + proximal * injectionBelow[k];
            marginalSumAbove[k] = u + proximal * injectionAbove[k];
        }
    }

    /// <summary>Lowest injection (no generation, no PV, demand at Dmax), kW.</summary>
    public readonly double MinInjectionKw => -load - demandMax;

    /// <summary>Highest injection (generation at Gmax, all PV, demand at Dmin), kW.</summary>
    public readonly double MaxInjectionKw => generationMax + pv - load - demandMin;

    /// <summary>Upper bound on the number of knots <see cref="WriteKnots"/> writes.</summary>
    public static int KnotCapacity => 2 * MaxKnots;

    /// <summary>Writes the balance prices where the injection bends or jumps, $/kWh; returns their number.</summary>
    public readonly int WriteKnots(Span<double> destination)
    {
        var written = 0;
        for (var k = 0; k < knotCount; k++)
        {
            if (proximal == 0)
            {
                destination[written++] = networkPrice + knots[k];
                continue;
            }
            destination[written++] = proximalShift + marginalSumBelow[k];
            if (marginalSumAbove[k] != marginalSumBelow[k]) destination[written++] = proximalShift + marginalSumAbove[k];
        }
        return written;
    }

    /// <summary>The injection <c>p</c>, kW, at balance price <paramref name="balancePrice"/>.</summary>
    /// <param name="balancePrice"><c>lambda</c>, $/kWh.</param>
    /// <param name="tieFraction">In [0, 1]: where a set-valued PV use sits in its range when <c>tau = 0</c> and
    /// <c>lambda = networkPrice</c> (0 = none used, 1 = all).</param>
    public readonly double InjectionKw(double balancePrice, double tieFraction)
    {
        Decide(balancePrice, tieFraction, out _, out _, out _, out var injection);
        return injection;
    }

    /// <summary>The bus-side decision at balance price <paramref name="balancePrice"/>.</summary>
    /// <param name="balancePrice"><c>lambda</c>, $/kWh.</param>
    /// <param name="tieFraction">See <see cref="InjectionKw"/>.</param>
    /// <param name="generationKw"><c>g</c>, kW.</param>
    /// <param name="pvUsedKw"><c>sUsed</c>, kW.</param>
    /// <param name="flexibleDemandKw"><c>d</c>, kW.</param>
    /// <param name="injectionKw"><c>p = g + sUsed - l - d</c>, kW.</param>
    public readonly void Decide(double balancePrice, double tieFraction,
        out double generationKw, out double pvUsedKw, out double flexibleDemandKw, out double injectionKw)
    {
        double marginal;
        var marginalSum = 0.0;
        if (proximal == 0)
        {
            marginal = balancePrice - networkPrice;
        }
        else
        {
            marginalSum = balancePrice - proximalShift;
            marginal = SolveMarginal(marginalSum);
        }
        generationKw = Generation(marginal);
        flexibleDemandKw = Demand(marginal);
        if (marginal > 0) pvUsedKw = pv;
        else if (marginal < 0) pvUsedKw = 0;
        else if (proximal == 0) pvUsedKw = tieFraction * pv;
        else pvUsedKw = Math.Min(Math.Max(marginalSum / proximal - (generationKw - load - flexibleDemandKw), 0), pv);
        injectionKw = generationKw + pvUsedKw - load - flexibleDemandKw;
    }

    /// <summary>Nested breakpoint search (<c>tau &gt; 0</c>): the <c>u</c> with <c>u + tau G(u) = marginalSum</c>.</summary>
    private readonly double SolveMarginal(double marginalSum)
    {
        if (marginalSum < marginalSumBelow[0]) return marginalSum - proximal * injectionBelow[0];
        for (var k = 0; k < knotCount; k++)
        {
            if (k > 0 && marginalSum < marginalSumBelow[k])
            {
                var fraction = (marginalSum - marginalSumAbove[k - 1]) / (marginalSumBelow[k] - marginalSumAbove[k - 1]);
                var u = knots[k - 1] + fraction * (knots[k] - knots[k - 1]);
                return Math.Min(Math.Max(u, knots[k - 1]), knots[k]);
            }
            if (marginalSum <= marginalSumAbove[k]) return knots[k];
        }
        return marginalSum - proximal * injectionAbove[knotCount - 1];
    }

    private readonly double Generation(double marginal)
        => Math.Min(Math.Max((marginal - generationLinear) / (2 * generationQuadratic), 0), generationMax);

    private readonly double Demand(double marginal)
        => Math.Min(Math.Max((utilityLinear - marginal) / (2 * utilityQuadratic), demandMin), demandMax);

    [InlineArray(MaxKnots)]
    private struct KnotArray
    {
        private double element;
    }
}
