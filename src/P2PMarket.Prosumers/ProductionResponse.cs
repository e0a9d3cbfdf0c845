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
/// <para>
/// Injection bounds <c>OEmin &lt;= p &lt;= OEmax</c> (MODEL.md sec. 4). The bus side minimizes a convex function of
/// the scalar <c>p</c> (its value <c>V(p)</c> plus the linear and proximal terms), so its bounded injection is the
/// unbounded one clipped: <c>clip(p(lambda), OEmin, OEmax)</c>, still nondecreasing and piecewise linear. Each bound
/// inside the production range adds one knot, where <c>p(lambda)</c> reaches it: at <c>u* = G^-1(bound)</c>,
/// <c>lambda* = networkPrice + u* + tau (bound - pAnchor)</c>. On a clipped piece the bus variables sit at
/// <c>u*</c> and the bound multiplier is <c>lambda - networkPrice - tau (p - pAnchor) - u*</c>. Where PV use is
/// set-valued (<c>tau = 0</c>, <c>lambda = networkPrice</c>) the injection's range is clipped at both ends and the
/// tie fraction runs linearly over the clipped range, so the balance stays linear in it. A bound outside the
/// production range changes nothing, bit for bit.
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
    private readonly double lowerClip;
    private readonly double upperClip;
    private readonly double lowerMarginal;
    private readonly double upperMarginal;
    private readonly bool bounded;
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

        // 3. injection bounds that cut the production range, and the marginal value u* = G^-1(bound) of each. A bound
        // beyond the far end of the range (infeasible within the caller's tolerance) clips to that end.
        var minimum = MinInjectionKw;
        var maximum = MaxInjectionKw;
        var upper = Math.Max(prices.InjectionMaxKw, minimum);
        var lower = Math.Min(prices.InjectionMinKw, maximum);
        upperClip = upper < maximum ? upper : double.PositiveInfinity;
        lowerClip = lower > minimum ? lower : double.NegativeInfinity;
        upperMarginal = upper < maximum ? MarginalAt(upper) : double.PositiveInfinity;
        lowerMarginal = lower > minimum ? MarginalAt(lower) : double.NegativeInfinity;
        bounded = upper < maximum || lower > minimum;
    }

    /// <summary>Lowest injection (no generation, no PV, demand at Dmax), kW.</summary>
    public readonly double MinInjectionKw => -load - demandMax;

    /// <summary>Highest injection (generation at Gmax, all PV, demand at Dmin), kW.</summary>
    public readonly double MaxInjectionKw => generationMax + pv - load - demandMin;

    /// <summary>Upper bound on the number of knots <see cref="WriteKnots"/> writes.</summary>
    public static int KnotCapacity => 2 * MaxKnots + 2;

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
        if (!bounded) return written;
        if (upperClip < double.PositiveInfinity)
            destination[written++] = proximal == 0 ? networkPrice + upperMarginal : proximalShift + upperMarginal + proximal * upperClip;
        if (lowerClip > double.NegativeInfinity)
            destination[written++] = proximal == 0 ? networkPrice + lowerMarginal : proximalShift + lowerMarginal + proximal * lowerClip;
        return written;
    }

    /// <summary>The injection <c>p</c>, kW, at balance price <paramref name="balancePrice"/>, within the bounds.</summary>
    /// <param name="balancePrice"><c>lambda</c>, $/kWh.</param>
    /// <param name="tieFraction">In [0, 1]: where a set-valued PV use sits in its range when <c>tau = 0</c> and
    /// <c>lambda = networkPrice</c> (0 = none used, 1 = all, both clipped to the bounds).</param>
    public readonly double InjectionKw(double balancePrice, double tieFraction)
    {
        if (!bounded)
        {
            DecideUnbounded(balancePrice, tieFraction, out _, out _, out _, out var injection);
            return injection;
        }
        UnboundedRange(balancePrice, out var low, out var high);
        var clippedLow = Clip(low);
        return clippedLow + tieFraction * (Clip(high) - clippedLow);
    }

    /// <summary>The bus-side decision at balance price <paramref name="balancePrice"/>.</summary>
    /// <param name="balancePrice"><c>lambda</c>, $/kWh.</param>
    /// <param name="tieFraction">See <see cref="InjectionKw"/>.</param>
    /// <param name="generationKw"><c>g</c>, kW.</param>
    /// <param name="pvUsedKw"><c>sUsed</c>, kW.</param>
    /// <param name="flexibleDemandKw"><c>d</c>, kW.</param>
    /// <param name="injectionKw"><c>p = g + sUsed - l - d</c>, kW.</param>
    /// <param name="boundPrice">Multiplier of the injection bounds, $/kWh (see <see cref="LocalDecision.InjectionBoundPrice"/>).</param>
    public readonly void Decide(double balancePrice, double tieFraction,
        out double generationKw, out double pvUsedKw, out double flexibleDemandKw, out double injectionKw, out double boundPrice)
    {
        boundPrice = 0;
        if (!bounded)
        {
            DecideUnbounded(balancePrice, tieFraction, out generationKw, out pvUsedKw, out flexibleDemandKw, out injectionKw);
            return;
        }
        UnboundedRange(balancePrice, out var low, out var high);
        if (!(high > upperClip) && !(low < lowerClip))
        {
            DecideUnbounded(balancePrice, tieFraction, out generationKw, out pvUsedKw, out flexibleDemandKw, out injectionKw);
            return;
        }

        // a bound cuts the injection's range at this lambda: the target injection and the marginal value that makes it
        var clippedLow = Clip(low);
        var target = clippedLow + tieFraction * (Clip(high) - clippedLow);
        var atUpper = target >= upperClip;
        var atLower = target <= lowerClip;
        // strictly between the bounds only at the PV tie (tau = 0, lambda = networkPrice), where u = 0
        var marginal = atUpper ? upperMarginal : atLower ? lowerMarginal : 0;
        DecideAt(marginal, target, out generationKw, out pvUsedKw, out flexibleDemandKw, out injectionKw);
        if (!atUpper && !atLower) return;

        // the bound multiplier: the bus side's unbounded value of injection minus the marginal value it sits at
        var busValue = balancePrice - proximalShift - proximal * injectionKw;
        var bound = busValue - SupportingMarginal(marginal, busValue, generationKw, pvUsedKw, flexibleDemandKw);
        boundPrice = atUpper && atLower ? bound : atUpper ? Math.Max(bound, 0) : Math.Min(bound, 0);
    }

    /// <summary>The unbounded bus-side decision at balance price <paramref name="balancePrice"/>.</summary>
    private readonly void DecideUnbounded(double balancePrice, double tieFraction,
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

    /// <summary>The unbounded injection's range at <paramref name="balancePrice"/>: a single point except at the PV tie.</summary>
    private readonly void UnboundedRange(double balancePrice, out double low, out double high)
    {
        DecideUnbounded(balancePrice, 0, out _, out _, out _, out low);
        high = low;
        if (proximal == 0 && pv > 0 && balancePrice - networkPrice == 0)
            DecideUnbounded(balancePrice, 1, out _, out _, out _, out high);
    }

    private readonly double Clip(double injection) => Math.Min(Math.Max(injection, lowerClip), upperClip);

    /// <summary>The bus variables at marginal value <paramref name="marginal"/> with injection
    /// <paramref name="targetKw"/> (<c>G(marginal) = targetKw</c> up to the rounding of the inversion). A set-valued PV
    /// use (<c>marginal = 0</c>) takes up the difference; an interior variable absorbs the last rounding, so that
    /// <c>p</c> lands on the target.</summary>
    private readonly void DecideAt(double marginal, double targetKw,
        out double generationKw, out double pvUsedKw, out double flexibleDemandKw, out double injectionKw)
    {
        var g = Generation(marginal);
        var d = Demand(marginal);
        var s = marginal > 0 ? pv : marginal < 0 ? 0 : Math.Min(Math.Max(targetKw - (g - load - d), 0), pv);
        var residual = targetKw - (g + s - load - d);
        if (residual != 0 && g > 0 && g < generationMax)
        {
            g = Math.Min(Math.Max(g + residual, 0), generationMax);
            residual = targetKw - (g + s - load - d);
        }
        if (residual != 0 && d > demandMin && d < demandMax)
        {
            d = Math.Min(Math.Max(d - residual, demandMin), demandMax);
            residual = targetKw - (g + s - load - d);
        }
        if (residual != 0 && s > 0 && s < pv) s = Math.Min(Math.Max(s + residual, 0), pv);
        generationKw = g;
        pvUsedKw = s;
        flexibleDemandKw = d;
        injectionKw = g + s - load - d;
    }

    /// <summary>The marginal value of injection that supports the bus variables: <paramref name="marginal"/> when one
    /// of them is interior (it pins the value), else the point nearest <paramref name="busValue"/> of the interval
    /// their bounds allow, which gives the bound multiplier of smallest magnitude.</summary>
    private readonly double SupportingMarginal(double marginal, double busValue, double g, double s, double d)
    {
        if ((g > 0 && g < generationMax) || (d > demandMin && d < demandMax) || (s > 0 && s < pv)) return marginal;
        double low = double.NegativeInfinity, high = double.PositiveInfinity;
        if (generationMax > 0)
        {
            if (g <= 0) high = Math.Min(high, generationLinear);
            else low = Math.Max(low, generationLinear + 2 * generationQuadratic * generationMax);
        }
        if (demandMax > demandMin)
        {
            if (d >= demandMax) high = Math.Min(high, utilityLinear - 2 * utilityQuadratic * demandMax);
            else low = Math.Max(low, utilityLinear - 2 * utilityQuadratic * demandMin);
        }
        if (pv > 0)
        {
            if (s <= 0) high = Math.Min(high, 0);
            else low = Math.Max(low, 0);
        }
        return low <= high ? Math.Min(Math.Max(busValue, low), high) : marginal;
    }

    /// <summary>Inverse of <c>G</c>: the smallest <c>u</c> with <c>G(u+) &gt;= injection</c>, for an injection inside
    /// the production range (exact on the linear pieces; a value inside the PV jump gives <c>u = 0</c>).</summary>
    private readonly double MarginalAt(double injection)
    {
        for (var k = 0; k < knotCount; k++)
        {
            if (injection <= injectionBelow[k])
            {
                if (k == 0) return knots[0];
                var fraction = (injection - injectionAbove[k - 1]) / (injectionBelow[k] - injectionAbove[k - 1]);
                var u = knots[k - 1] + fraction * (knots[k] - knots[k - 1]);
                return Math.Min(Math.Max(u, knots[k - 1]), knots[k]);
            }
            if (injection <= injectionAbove[k]) return knots[k];
        }
        return knots[knotCount - 1];
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
