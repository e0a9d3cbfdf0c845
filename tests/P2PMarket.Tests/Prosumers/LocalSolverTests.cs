using P2PMarket.Prosumers;
using Xunit.Abstractions;

namespace P2PMarket.Tests.Prosumers;

/// <summary>
/// The exact local solver (MODEL.md sec. 7 step 2) on thousands of seeded random prosumers, with the degenerate
/// corners of <see cref="LocalProblemKind"/>: KKT and balance, optimality against feasible perturbations and a
/// brute-force projected-gradient solve, infeasible local sets, and hand-solved examples.
/// </summary>
public class LocalSolverTests(ITestOutputHelper output)
{
    private const int RandomProblems = 20_000;
    private const double PriceTolerance = 1e-9;
    private const double BalanceTolerance = 1e-9;

    private static (LocalDecision Decision, double[] Trades) Solve(LocalProblem problem, LocalSolver? solver = null)
    {
        solver ??= new LocalSolver(problem.Retail);
        var trades = new double[problem.PartnerCount];
        var decision = solver.Solve(problem.Prosumer, problem.Graph, problem.Index, problem.Prices,
            problem.TradePrice, problem.TradeAnchor, trades);
        return (decision, trades);
    }

    [Fact]
    public void EveryVariableIsStationaryAtTheBalancePriceAndTheBalanceHolds()
    {
        var solved = new int[Enum.GetValues<LocalProblemKind>().Length];
        var largestResidual = 0.0;
        for (var seed = 0; seed < RandomProblems; seed++)
        {
            var problem = LocalProblem.Random(seed);
            var (decision, trades) = Solve(problem);
            var v = LocalOptimality.Pack(decision, trades);

            var residual = LocalOptimality.BalanceResidual(problem, v);
            Assert.True(Math.Abs(residual) < BalanceTolerance, $"seed {seed} ({problem.Kind}): balance residual {residual} kW");
            largestResidual = Math.Max(largestResidual, Math.Abs(residual));
            Assert.True(Math.Abs(decision.InjectionKw - LocalOptimality.Injection(problem, v)) < 1e-12,
                $"seed {seed} ({problem.Kind}): injection {decision.InjectionKw} is not g + sUsed - l - d");
            var violation = LocalOptimality.KktViolation(problem, v, decision.BalancePrice, PriceTolerance);
            Assert.True(violation is null, $"seed {seed} ({problem.Kind}), balance price {decision.BalancePrice}: {violation}");
            Assert.Equal(LocalOptimality.TrueCost(problem, v), decision.Cost, 1e-9);
            solved[(int)problem.Kind]++;
        }
        Assert.All(solved, count => Assert.True(count > 1000));
        output.WriteLine($"{RandomProblems} problems, largest balance residual {largestResidual:E2} kW");
    }

    [Fact]
    public void NoFeasiblePerturbationLowersTheObjective()
    {
        var random = new Random(7);
        double[] steps = [1e-7, 1e-4, 1e-2, 0.3, 3, 100];
        for (var seed = 0; seed < 4000; seed++)
        {
            var problem = LocalProblem.Random(seed);
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
                var perturbed = LocalOptimality.Objective(problem, moved);
                Assert.True(perturbed >= objective - tolerance,
                    $"seed {seed} ({problem.Kind}): a feasible perturbation lowers the objective from {objective} to {perturbed}");
            }
        }
    }

    [Fact]
    public void ObjectiveIsNoWorseThanABruteForceProjectedGradientSolve()
    {
        var gaps = new List<double>();
        for (var seed = 0; seed < 120; seed++)
        {
            var problem = LocalProblem.Random(seed, maxPartners: 4);
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
    public void EmptyLocalSetThrowsNamingTheProsumer()
    {
        for (var seed = 0; seed < 2000; seed++)
        {
            var problem = LocalProblem.Random(seed, infeasible: true);
            var error = Assert.Throws<InvalidOperationException>(() => Solve(problem));
            Assert.Contains($"'{problem.Prosumer.Id}'", error.Message);
        }
    }

    [Fact]
    public void OneSolverInstanceGivesTheSameAnswersAsFreshOnesAndAllocatesNothing()
    {
        var retail = new RetailPrices(0.25, 0.05);
        var problems = Enumerable.Range(0, 300).Select(seed => LocalProblem.Random(seed) with { Retail = retail }).ToArray();
        var solver = new LocalSolver(retail);
        var trades = problems.Select(p => new double[p.PartnerCount]).ToArray();
        var decisions = new LocalDecision[problems.Length];
        for (var round = 0; round < 2; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var k = 0; k < problems.Length; k++)
            {
                var p = problems[k];
                decisions[k] = solver.Solve(p.Prosumer, p.Graph, p.Index, p.Prices, p.TradePrice, p.TradeAnchor, trades[k]);
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
    public void GeneratorBuyingFromOnePartnerMatchesTheHandSolution()
    {
        // l = 2, g = (lambda - 0.1) / 0.1, t = (0.2 - lambda) / 1e-6 and g - 2 = t give lambda = 200003 / 1000010
        var prosumer = new ProsumerParameters("hand-1", 0, FixedLoadKw: 2, PvAvailableKw: 0, GenerationMaxKw: 10,
            GenerationCostQuadratic: 0.05, GenerationCostLinear: 0.1, DemandMinKw: 0, DemandMaxKw: 0,
            UtilityLinear: 0, UtilityQuadratic: 1, RetailLimitKw: 0);
        var graph = new TradeGraph(2, [new TradePair(0, 1, LimitKw: 10, FeePerKwh: 0, Friction: 1e-6)]);
        var trades = new double[1];
        var decision = new LocalSolver(new RetailPrices(0.3, 0.02))
            .Solve(prosumer, graph, 0, new LocalPrices(0, 0), [0.2], [0], trades);
        var balancePrice = 200003.0 / 1000010.0;
        Assert.Equal(balancePrice, decision.BalancePrice, 1e-15);
        Assert.Equal((balancePrice - 0.1) / 0.1, decision.GenerationKw, 1e-9);
        Assert.Equal(decision.GenerationKw - 2, trades[0], 1e-12);
        Assert.Equal(decision.GenerationKw - 2, decision.InjectionKw, 1e-12);
    }

    [Fact]
    public void RetailOnlyImportSetsTheBalancePriceAtTheImportPrice()
    {
        var prosumer = new ProsumerParameters("hand-2", 0, FixedLoadKw: 3, PvAvailableKw: 0, GenerationMaxKw: 0,
            GenerationCostQuadratic: 0.05, GenerationCostLinear: 0.1, DemandMinKw: 0, DemandMaxKw: 0,
            UtilityLinear: 0, UtilityQuadratic: 1, RetailLimitKw: 5);
        var graph = new TradeGraph(1, []);
        var decision = new LocalSolver(new RetailPrices(0.3, 0.02)).Solve(prosumer, graph, 0, new LocalPrices(0.01, 1), [], [], []);
        Assert.Equal(0.3, decision.BalancePrice);
        Assert.Equal(3, decision.ImportKw, 1e-12);
        Assert.Equal(0, decision.ExportKw);
        Assert.Equal(-3, decision.InjectionKw);
        Assert.Equal(0.9, decision.Cost, 1e-12);
    }

    [Fact]
    public void NetworkPriceAtTheExportPriceLeavesPvUseAndExportSetValuedButBalanced()
    {
        // tie: lambda = priceExport = networkPrice, any sUsed in [1, 4] with x = sUsed - 1 is optimal
        var prosumer = new ProsumerParameters("hand-3", 0, FixedLoadKw: 1, PvAvailableKw: 4, GenerationMaxKw: 0,
            GenerationCostQuadratic: 0.05, GenerationCostLinear: 0.1, DemandMinKw: 0, DemandMaxKw: 0,
            UtilityLinear: 0, UtilityQuadratic: 1, RetailLimitKw: 10);
        var graph = new TradeGraph(1, []);
        var decision = new LocalSolver(new RetailPrices(0.3, 0.05)).Solve(prosumer, graph, 0, new LocalPrices(0.05, 0), [], [], []);
        Assert.Equal(0.05, decision.BalancePrice);
        Assert.InRange(decision.PvUsedKw, 1, 4);
        Assert.Equal(decision.PvUsedKw - 1, decision.ExportKw, 1e-12);
        Assert.Equal(0, decision.ImportKw);
    }
}
