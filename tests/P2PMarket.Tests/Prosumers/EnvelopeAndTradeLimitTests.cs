using P2PMarket.Prosumers;
using Xunit.Abstractions;

namespace P2PMarket.Tests.Prosumers;

/// <summary>
/// The local solver with an operating envelope <c>OEmin &lt;= p &lt;= OEmax</c> on the bus injection (the <c>oe</c>
/// market, MODEL.md sec. 4) and per-slot trade limit overrides (the <c>discard</c> market blocks trades with 0):
/// KKT with the bound multiplier on thousands of seeded random problems (<see cref="LocalProblem.RandomBounded"/>),
/// optimality against feasible perturbations and a brute-force projected-gradient solve, blocked slots against the
/// same market without those partners, empty envelopes, hand-solved examples, and bit-identical results when neither
/// option is used.
/// </summary>
public class EnvelopeAndTradeLimitTests(ITestOutputHelper output)
{
    private const int RandomProblems = 20_000;
    private const double PriceTolerance = 1e-9;
    private const double BalanceTolerance = 1e-9;

    /// <summary>Fingerprints of the inputs and outputs of <see cref="LocalProblem.Random"/> seeds 0..19999, recorded with
    /// the solver before injection bounds and trade limit overrides existed (commit 95e494a, linux-x64).</summary>
    private const ulong BaselineInputs = 0x1A693A579F888943UL, BaselineOutputs = 0x62C7B7226CC790B6UL;

    private static (LocalDecision Decision, double[] Trades) Solve(LocalProblem problem, LocalSolver? solver = null)
    {
        solver ??= new LocalSolver(problem.Retail);
        var trades = new double[problem.PartnerCount];
        var decision = solver.Solve(problem.Prosumer, problem.Graph, problem.Index, problem.Prices,
            problem.TradePrice, problem.TradeAnchor, trades, problem.TradeLimitOverride);
        return (decision, trades);
    }

    [Fact]
    public void EveryVariableIsStationaryWithTheBoundMultiplierAndTheBoundsHold()
    {
        int upperBinding = 0, lowerBinding = 0, fixedInjection = 0, atBoundWithoutPrice = 0, blockedSlots = 0, partialPvTie = 0;
        var largestResidual = 0.0;
        for (var seed = 0; seed < RandomProblems; seed++)
        {
            var problem = LocalProblem.RandomBounded(seed);
            var (decision, trades) = Solve(problem);
            var v = LocalOptimality.Pack(decision, trades);
            var where = $"seed {seed} ({problem.Kind}, bounds [{problem.Prices.InjectionMinKw}, {problem.Prices.InjectionMaxKw}])";

            var residual = LocalOptimality.BalanceResidual(problem, v);
            Assert.True(Math.Abs(residual) < BalanceTolerance, $"{where}: balance residual {residual} kW");
            largestResidual = Math.Max(largestResidual, Math.Abs(residual));
            var injection = LocalOptimality.Injection(problem, v);
            Assert.True(Math.Abs(decision.InjectionKw - injection) < 1e-12, $"{where}: injection {decision.InjectionKw} is not g + sUsed - l - d");
            var violation = LocalOptimality.KktViolation(problem, v, decision.BalancePrice, PriceTolerance, decision.InjectionBoundPrice);
            Assert.True(violation is null,
                $"{where}, balance price {decision.BalancePrice}, bound price {decision.InjectionBoundPrice}: {violation}");
            Assert.Equal(LocalOptimality.TrueCost(problem, v), decision.Cost, 1e-9);
            for (var k = 0; k < problem.PartnerCount; k++)
            {
                if (problem.LimitKw(k) != 0) continue;
                Assert.Equal(0.0, trades[k]);
                blockedSlots++;
            }

            var (min, max) = (problem.Prices.InjectionMinKw, problem.Prices.InjectionMaxKw);
            if (min == max) fixedInjection++;
            else if (decision.InjectionBoundPrice > PriceTolerance) upperBinding++;
            else if (decision.InjectionBoundPrice < -PriceTolerance) lowerBinding++;
            else if (Math.Abs(injection - max) < 1e-9 || Math.Abs(injection - min) < 1e-9) atBoundWithoutPrice++;
            if (problem.Prices.InjectionProximal == 0 && decision.BalancePrice == problem.Prices.NetworkPrice
                && decision.PvUsedKw > 0 && decision.PvUsedKw < problem.Prosumer.PvAvailableKw
                && (Math.Abs(injection - max) < 1e-9 || Math.Abs(injection - min) < 1e-9)) partialPvTie++;
        }
        output.WriteLine($"{RandomProblems} bounded problems: upper bound priced {upperBinding}, lower {lowerBinding}, fixed injection "
            + $"{fixedInjection}, at a bound with zero price {atBoundWithoutPrice}, PV tie cut by a bound {partialPvTie}, "
            + $"blocked slots {blockedSlots}, largest balance residual {largestResidual:E2} kW");
        Assert.True(upperBinding > 1000 && lowerBinding > 1000 && fixedInjection > 1000 && blockedSlots > 1000);
        Assert.True(atBoundWithoutPrice > 10 && partialPvTie > 10);
    }

    [Fact]
    public void NoFeasiblePerturbationWithinTheEnvelopeLowersTheObjective()
    {
        var random = new Random(11);
        double[] steps = [1e-7, 1e-4, 1e-2, 0.3, 3, 100];
        for (var seed = 0; seed < 4000; seed++)
        {
            var problem = LocalProblem.RandomBounded(seed);
            var (decision, trades) = Solve(problem);
            var best = LocalOptimality.Pack(decision, trades);
            var objective = LocalOptimality.Objective(problem, best);
            var tolerance = 1e-12 * Math.Max(1, Math.Abs(objective));
            for (var trial = 0; trial < 60; trial++)
            {
                var moved = (double[])best.Clone();
                var step = steps[random.Next(steps.Length)] * (random.NextDouble() < 0.5 ? -1 : 1);
                if (trial % 3 == 2) LocalPerturbation.MoveAlongRandomDirection(problem, moved, step, random);
                else LocalPerturbation.MovePair(problem, moved, random.Next(moved.Length), random.Next(moved.Length), step);
                Assert.True(Math.Abs(LocalOptimality.BalanceResidual(problem, moved)) < 1e-8);
                var injection = LocalOptimality.Injection(problem, moved);
                Assert.InRange(injection, problem.Prices.InjectionMinKw - 1e-9, problem.Prices.InjectionMaxKw + 1e-9);
                var perturbed = LocalOptimality.Objective(problem, moved);
                Assert.True(perturbed >= objective - tolerance,
                    $"seed {seed} ({problem.Kind}): a feasible perturbation lowers the objective from {objective} to {perturbed}");
            }
        }
    }

    [Fact]
    public void ObjectiveIsNoWorseThanABruteForceProjectedGradientSolveWithinTheEnvelope()
    {
        var gaps = new List<double>();
        for (var seed = 0; seed < 160; seed++)
        {
            var problem = LocalProblem.RandomBounded(seed, maxPartners: 4);
            var (decision, trades) = Solve(problem);
            var objective = LocalOptimality.Objective(problem, LocalOptimality.Pack(decision, trades));
            var reference = LocalOptimality.ProjectedGradientObjective(problem, iterations: 1000);
            Assert.True(objective <= reference + 1e-6 * Math.Max(1, Math.Abs(reference)),
                $"seed {seed} ({problem.Kind}): exact objective {objective} above projected-gradient {reference}");
            gaps.Add((reference - objective) / Math.Max(1, Math.Abs(reference)));
        }
        gaps.Sort();
        output.WriteLine($"projected gradient above exact, relative: median {gaps[gaps.Count / 2]:E2}, 90% {gaps[gaps.Count * 9 / 10]:E2}, max {gaps[^1]:E2}");
    }

    [Fact]
    public void WithoutBoundsOrOverridesTheResultsAreBitIdenticalToTheSolverBeforeThem()
    {
        var inputs = new Fingerprint();
        var outputs = new Fingerprint();
        for (var seed = 0; seed < RandomProblems; seed++)
        {
            var problem = LocalProblem.Random(seed);
            var solver = new LocalSolver(problem.Retail);
            var (decision, trades) = Solve(problem, solver);
            inputs.AddInputs(problem);
            outputs.AddOutputs(decision, trades);
            Assert.Equal(0.0, decision.InjectionBoundPrice);

            // the same problem with the options spelled out but inactive: infinite bounds, bounds beyond the production
            // range, the pair limits as overrides
            var (low, high) = problem.ProductionRange();
            var limits = Enumerable.Range(0, problem.PartnerCount).Select(problem.LimitKw).ToArray();
            var variants = new[]
            {
                problem with { Prices = problem.Prices with { InjectionMinKw = double.NegativeInfinity, InjectionMaxKw = double.PositiveInfinity } },
                problem with { Prices = problem.Prices with { InjectionMinKw = low, InjectionMaxKw = high } },
                problem with { Prices = problem.Prices with { InjectionMinKw = low - 1, InjectionMaxKw = high + 1 }, TradeLimitOverride = limits },
            };
            foreach (var variant in variants)
            {
                var (other, otherTrades) = Solve(variant, solver);
                var expected = new Fingerprint();
                expected.AddOutputs(decision, trades);
                var actual = new Fingerprint();
                actual.AddOutputs(other, otherTrades);
                Assert.True(expected.Value == actual.Value, $"seed {seed} ({problem.Kind}): {decision} vs {other}");
            }
        }
        Assert.True(inputs.Value == BaselineInputs,
            $"the random problems differ from the recorded ones (0x{inputs.Value:X16}): the generator changed or its Math.Pow "
            + "rounds differently on this platform, so the output baseline cannot be compared");
        Assert.True(outputs.Value == BaselineOutputs,
            $"outputs fingerprint 0x{outputs.Value:X16} differs from the recorded 0x{BaselineOutputs:X16}: the solver no longer "
            + "reproduces its earlier results bit for bit");
    }

    [Fact]
    public void BlockedAndOverriddenSlotsSolveLikeTheMarketWithoutThosePartnersAndWithThoseLimits()
    {
        var compared = 0;
        for (var seed = 0; seed < 4000; seed++)
        {
            var problem = LocalProblem.RandomBounded(seed);
            if (problem.TradeLimitOverride is null) continue;
            var (decision, trades) = Solve(problem);

            // the same prosumer in a star graph holding only the unblocked partners, with the overrides as pair limits
            var kept = Enumerable.Range(0, problem.PartnerCount).Where(k => problem.LimitKw(k) > 0).ToArray();
            var pairs = kept.Select((k, j) => new TradePair(0, j + 1, problem.LimitKw(k), problem.Pair(k).FeePerKwh, problem.Pair(k).Friction)).ToList();
            var reduced = problem with
            {
                Graph = new TradeGraph(kept.Length + 1, pairs),
                Index = 0,
                TradePrice = kept.Select(k => problem.TradePrice[k]).ToArray(),
                TradeAnchor = kept.Select(k => problem.TradeAnchor[k]).ToArray(),
                TradeLimitOverride = null,
            };
            var (reference, referenceTrades) = Solve(reduced);

            // generation, flexible demand and trades are unique (strictly convex); PV use and retail can tie
            var where = $"seed {seed} ({problem.Kind})";
            Assert.True(Math.Abs(decision.GenerationKw - reference.GenerationKw) < 1e-8, $"{where}: generation {decision.GenerationKw} vs {reference.GenerationKw}");
            Assert.True(Math.Abs(decision.FlexibleDemandKw - reference.FlexibleDemandKw) < 1e-8, $"{where}: demand {decision.FlexibleDemandKw} vs {reference.FlexibleDemandKw}");
            // the objectives agree up to the blocked slots' constant rho/2 anchor^2 (their trade is 0)
            var blockedConstant = Enumerable.Range(0, problem.PartnerCount).Where(k => problem.LimitKw(k) == 0)
                .Sum(k => problem.Prices.Rho / 2 * problem.TradeAnchor[k] * problem.TradeAnchor[k]);
            Assert.Equal(LocalOptimality.Objective(reduced, LocalOptimality.Pack(reference, referenceTrades)) + blockedConstant,
                LocalOptimality.Objective(problem, LocalOptimality.Pack(decision, trades)), 1e-9);
            for (var j = 0; j < kept.Length; j++)
                Assert.True(Math.Abs(trades[kept[j]] - referenceTrades[j]) < 1e-7, $"{where}, slot {kept[j]}: {trades[kept[j]]} vs {referenceTrades[j]}");
            compared++;
        }
        Assert.True(compared > 1000, $"only {compared} problems with overrides");
    }

    [Fact]
    public void AnEmptyEnvelopeThrowsNamingTheProsumerAndTheBound()
    {
        var cases = new int[5];
        for (var seed = 0; seed < 4000; seed++)
        {
            var problem = LocalProblem.RandomBounded(seed);
            var random = new Random(seed);
            double Uniform(double low, double high) => low + (high - low) * random.NextDouble();
            var (productionMin, productionMax) = problem.ProductionRange();
            var market = problem.TradeLimitSum() + problem.Prosumer.RetailLimitKw;
            var gap = Uniform(1e-3, 2);
            var shape = seed % 5;
            if (shape == 3 && !(productionMin < -market - gap)) shape = 1;
            if (shape == 4 && !(productionMax > market + gap)) shape = 2;
            var (min, max, bound) = shape switch
            {
                0 => (productionMin + 1, productionMin + 1 - gap, "InjectionMinKw"),
                1 => (double.NegativeInfinity, productionMin - gap, "InjectionMaxKw"),
                2 => (productionMax + gap, double.PositiveInfinity, "InjectionMinKw"),
                // the bus side can reach the bound, but the market side cannot carry it
                3 => (double.NegativeInfinity, Uniform(productionMin, -market - gap), "InjectionMaxKw"),
                _ => (Uniform(market + gap, productionMax), double.PositiveInfinity, "InjectionMinKw"),
            };
            cases[shape]++;
            var bounded = problem with { Prices = problem.Prices with { InjectionMinKw = min, InjectionMaxKw = max } };
            var error = Assert.Throws<InvalidOperationException>(() => Solve(bounded));
            Assert.Contains($"'{problem.Prosumer.Id}'", error.Message);
            Assert.Contains(bound, error.Message);
        }
        output.WriteLine($"empty envelopes by shape (min > max, max below production, min above production, import "
            + $"beyond the market, export beyond the market): {string.Join(", ", cases)}");
        Assert.All(cases, count => Assert.True(count > 50));
    }

    [Fact]
    public void NaNBoundsAndBadOverridesAreArgumentErrors()
    {
        var problem = Enumerable.Range(0, 100).Select(seed => LocalProblem.Random(seed)).First(p => p.PartnerCount > 0);
        Assert.Throws<ArgumentException>(() => Solve(problem with { Prices = problem.Prices with { InjectionMaxKw = double.NaN } }));
        Assert.Throws<ArgumentException>(() => Solve(problem with { Prices = problem.Prices with { InjectionMinKw = double.NaN } }));
        Assert.Throws<ArgumentException>(() => Solve(problem with { TradeLimitOverride = new double[problem.PartnerCount + 1] }));
        Assert.Throws<ArgumentException>(() => Solve(problem with { TradeLimitOverride = Enumerable.Repeat(-1.0, problem.PartnerCount).ToArray() }));
        Assert.Throws<ArgumentException>(() => Solve(problem with { TradeLimitOverride = Enumerable.Repeat(double.PositiveInfinity, problem.PartnerCount).ToArray() }));
        Assert.Throws<ArgumentException>(() => Solve(problem with { TradeLimitOverride = Enumerable.Repeat(double.NaN, problem.PartnerCount).ToArray() }));
    }

    [Fact]
    public void OneSolverInstanceGivesTheSameAnswersAsFreshOnesAndAllocatesNothingWithBoundsAndOverrides()
    {
        var retail = new RetailPrices(0.25, 0.05);
        var problems = Enumerable.Range(0, 300).Select(seed => LocalProblem.RandomBounded(seed) with { Retail = retail })
            .Where(p => p.BalanceableRange().Min <= p.BalanceableRange().Max).ToArray();
        var solver = new LocalSolver(retail);
        var trades = problems.Select(p => new double[p.PartnerCount]).ToArray();
        var decisions = new LocalDecision[problems.Length];
        for (var round = 0; round < 2; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var k = 0; k < problems.Length; k++)
            {
                var p = problems[k];
                decisions[k] = solver.Solve(p.Prosumer, p.Graph, p.Index, p.Prices, p.TradePrice, p.TradeAnchor, trades[k], p.TradeLimitOverride);
            }
            if (round == 1) Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        for (var k = 0; k < problems.Length; k++)
        {
            var (fresh, freshTrades) = Solve(problems[k]);
            Assert.Equal(fresh, decisions[k]);
            Assert.Equal(freshTrades, trades[k]);
        }
    }

    [Fact]
    public void AnExportEnvelopeCurtailsPvAndPricesTheBound()
    {
        // unbounded: all 5 kW of PV used, 4 kW sold. OEmax = 2: sell t = 2 at lambda = 0.2 - 1e-6 * 2, PV interior
        // (u = 0), so the bound is worth lambda - networkPrice = 0.189998 $/kWh
        var prosumer = new ProsumerParameters("hand-oe-1", 0, FixedLoadKw: 1, PvAvailableKw: 5, GenerationMaxKw: 0,
            GenerationCostQuadratic: 0.05, GenerationCostLinear: 0.1, DemandMinKw: 0, DemandMaxKw: 0,
            UtilityLinear: 0, UtilityQuadratic: 1, RetailLimitKw: 0);
        var graph = new TradeGraph(2, [new TradePair(0, 1, LimitKw: 10, FeePerKwh: 0, Friction: 1e-6)]);
        var solver = new LocalSolver(new RetailPrices(0.3, 0.02));
        var trades = new double[1];
        var unbounded = solver.Solve(prosumer, graph, 0, new LocalPrices(0.01, 0), [0.2], [0], trades);
        Assert.Equal(4, unbounded.InjectionKw, 1e-12);
        var decision = solver.Solve(prosumer, graph, 0, new LocalPrices(0.01, 0, InjectionMaxKw: 2), [0.2], [0], trades);
        Assert.Equal(2, decision.InjectionKw, 1e-12);
        Assert.Equal(3, decision.PvUsedKw, 1e-12);
        Assert.Equal(2, trades[0], 1e-9);
        Assert.Equal(0.2 - 2e-6, decision.BalancePrice, 1e-15);
        Assert.Equal(0.19 - 2e-6, decision.InjectionBoundPrice, 1e-15);
    }

    [Fact]
    public void AnImportEnvelopeCapsFlexibleDemandAndPricesTheBoundNegative()
    {
        // unbounded: d = (0.5 - u) / 0.1 saturates at Dmax = 4, p = -7. OEmin = -4: d = 1, buy t = -4 at
        // lambda = 0.1 + 4e-6; d interior gives u = 0.5 - 0.1 = 0.4, so the bound price is lambda - 0.4 < 0
        var prosumer = new ProsumerParameters("hand-oe-2", 0, FixedLoadKw: 3, PvAvailableKw: 0, GenerationMaxKw: 0,
            GenerationCostQuadratic: 0.05, GenerationCostLinear: 0.1, DemandMinKw: 0, DemandMaxKw: 4,
            UtilityLinear: 0.5, UtilityQuadratic: 0.05, RetailLimitKw: 0);
        var graph = new TradeGraph(2, [new TradePair(0, 1, LimitKw: 10, FeePerKwh: 0, Friction: 1e-6)]);
        var trades = new double[1];
        var decision = new LocalSolver(new RetailPrices(0.3, 0.02))
            .Solve(prosumer, graph, 0, new LocalPrices(0, 0, InjectionMinKw: -4), [0.1], [0], trades);
        Assert.Equal(-4, decision.InjectionKw, 1e-12);
        Assert.Equal(1, decision.FlexibleDemandKw, 1e-12);
        Assert.Equal(-4, trades[0], 1e-9);
        Assert.Equal(0.1 + 4e-6, decision.BalancePrice, 1e-15);
        Assert.Equal(0.1 + 4e-6 - 0.4, decision.InjectionBoundPrice, 1e-15);
    }

    [Fact]
    public void ABlockedSlotTradesNothingAndTheLoadBuysFromTheOtherPartner()
    {
        var prosumer = new ProsumerParameters("hand-block", 1, FixedLoadKw: 2, PvAvailableKw: 0, GenerationMaxKw: 0,
            GenerationCostQuadratic: 0.05, GenerationCostLinear: 0.1, DemandMinKw: 0, DemandMaxKw: 0,
            UtilityLinear: 0, UtilityQuadratic: 1, RetailLimitKw: 0);
        var graph = new TradeGraph(3, [new TradePair(0, 1, 10, 0, 1e-6), new TradePair(1, 2, 10, 0, 1e-6)]);
        var solver = new LocalSolver(new RetailPrices(0.3, 0.02));
        var trades = new double[2];
        // unblocked: buy all 10 kW from the cheap partner and resell 8 kW to the dear one, lambda = 0.15 - 8e-6
        solver.Solve(prosumer, graph, 1, new LocalPrices(0, 0), [0.10, 0.15], [0, 0], trades);
        Assert.Equal(-10, trades[0], 1e-9);
        Assert.Equal(8, trades[1], 1e-9);
        var decision = solver.Solve(prosumer, graph, 1, new LocalPrices(0, 0), [0.10, 0.15], [0, 0], trades, [0, 10]);
        Assert.Equal(0.0, trades[0]);
        Assert.Equal(-2, trades[1], 1e-9);
        Assert.Equal(0.15 + 2e-6, decision.BalancePrice, 1e-15);
    }
}
