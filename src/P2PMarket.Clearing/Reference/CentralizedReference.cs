using P2PMarket.Clearing.Numerics;
using P2PMarket.Scenarios;

namespace P2PMarket.Clearing.Reference;

/// <summary>
/// The centralized reference (MODEL.md sec. 8): the variational equilibrium of a scenario computed directly as the
/// social-welfare optimum <c>min sum_i C_i</c> subject to every prosumer's local set and balance, reciprocity
/// <c>t_ij + t_ji = 0</c> per pair and the linearized network <c>A P &lt;= b</c> (MODEL.md sec. 5: the VE gives all
/// players one <c>mu</c>, i.e. all weights <c>r_i = 1</c>; the scenario's weights are ignored here). The distributed
/// VE must match it. The QP is built by <c>WelfareQp</c> and solved by <see cref="InteriorPointQpSolver"/>; the
/// trade prices, balance prices and network multipliers are the QP's equality and inequality multipliers.
/// Cost coefficients are per market interval as MODEL.md sec. 2 writes them (prices in $/kWh times kW);
/// <c>MarketSettings.IntervalHours</c> is not applied, as in the prosumers' local problems.
/// </summary>
public sealed class CentralizedReference
{
    /// <summary>
    /// Creates the reference with a solver at tolerance 1e-9 on the scaled primal and dual residuals (MODEL.md sec. 8
    /// asks for 1e-8), complementarity 1e-18 and 200 iterations. The tight complementarity makes every decision a best
    /// response to about 1e-9 even at near-ties (a prosumer whose balance price is within 1e-5 $/kWh of the retail
    /// price, say): a product <c>s z</c> of 1e-9 would leave such a variable 1e-5 kW off its bound. The interior-point
    /// end game reaches it in 2 to 5 more iterations, and falls back to the 1e-9 iterate if it cannot.
    /// </summary>
    public CentralizedReference() : this(new InteriorPointQpSolver(tolerance: 1e-9, maxIterations: 200, complementarityTolerance: 1e-18)) { }

    /// <summary>Creates the reference with a given QP solver.</summary>
    public CentralizedReference(InteriorPointQpSolver solver)
    {
        ArgumentNullException.ThrowIfNull(solver);
        Solver = solver;
    }

    /// <summary>The QP solver.</summary>
    public InteriorPointQpSolver Solver { get; }

    /// <summary>Solves the welfare QP of <paramref name="scenario"/>.</summary>
    /// <exception cref="ArgumentException">The scenario's trade graph or prosumer buses do not fit its prosumers and feeder.</exception>
    public ReferenceSolution Solve(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Validate(scenario);
        var network = scenario.BuildNetworkConstraints();
        var welfare = new WelfareQp(scenario, network);
        var result = Solver.Solve(welfare.Program);
        var x = result.Solution;
        var y = result.EqualityMultipliers;
        var graph = scenario.Trades;

        var trades = new double[graph.SlotCount];
        var tradePrice = new double[graph.SlotCount];
        for (var s = 0; s < graph.SlotCount; s++)
        {
            trades[s] = x[welfare.Up(s)] - x[welfare.Down(s)];
            tradePrice[s] = y[welfare.ReciprocityRow(s)];
        }

        var mu = result.InequalityMultipliers.ToArray();
        var eta = network.BusPrice(mu);
        var busInjection = new double[network.BusCount];
        var decisions = new ReferenceProsumerDecision[scenario.Prosumers.Count];
        var welfareValue = 0.0;
        var surplus = 0.0;
        for (var i = 0; i < decisions.Length; i++)
        {
            var p = scenario.Prosumers[i];
            var g = x[WelfareQp.Var(i, WelfareQp.Generation)];
            var sUsed = x[WelfareQp.Var(i, WelfareQp.PvUsed)];
            var d = x[WelfareQp.Var(i, WelfareQp.FlexibleDemand)];
            var m = x[WelfareQp.Var(i, WelfareQp.Import)];
            var xe = x[WelfareQp.Var(i, WelfareQp.Export)];
            var injection = g + sUsed - p.FixedLoadKw - d;
            var cost = p.GenerationCostQuadratic * g * g + p.GenerationCostLinear * g
                - (p.UtilityLinear * d - p.UtilityQuadratic * d * d)
                + scenario.Retail.ImportPerKwh * m - scenario.Retail.ExportPerKwh * xe;
            for (var s = graph.SlotStart(i); s < graph.SlotStart(i) + graph.PartnerCount(i); s++)
            {
                var pair = graph.PairOf(s);
                cost += pair.FeePerKwh * Math.Abs(trades[s]) + 0.5 * pair.Friction * trades[s] * trades[s];
            }
            var networkPrice = eta[p.Bus];
            decisions[i] = new ReferenceProsumerDecision(g, sUsed, d, m, xe, injection, y[i], networkPrice, cost);
            busInjection[p.Bus] += injection;
            welfareValue -= cost;
            surplus += networkPrice * injection;
        }
        var residual = network.Residual(busInjection);
        var slack = residual.Select(r => -r).ToArray();

        return new ReferenceSolution(result.ExitReason, result.Iterations, Array.AsReadOnly(decisions),
            Array.AsReadOnly(trades), Array.AsReadOnly(tradePrice), Array.AsReadOnly(mu), Array.AsReadOnly(eta),
            Array.AsReadOnly(busInjection), Array.AsReadOnly(slack), welfareValue, surplus,
            result.PrimalResidual, result.DualResidual, result.Complementarity);
    }

    private static void Validate(Scenario scenario)
    {
        if (scenario.Trades.ProsumerCount != scenario.Prosumers.Count)
            throw new ArgumentException(
                $"scenario '{scenario.Name}': field 'Trades': expected a trade graph over {scenario.Prosumers.Count} prosumers, got {scenario.Trades.ProsumerCount}",
                nameof(scenario));
        foreach (var p in scenario.Prosumers)
            if (p.Bus < 0 || p.Bus >= scenario.Feeder.BusCount)
                throw new ArgumentException(
                    $"scenario '{scenario.Name}', prosumer '{p.Id}': field 'Bus': expected an internal bus index in [0, {scenario.Feeder.BusCount - 1}], got {p.Bus}",
                    nameof(scenario));
    }
}
