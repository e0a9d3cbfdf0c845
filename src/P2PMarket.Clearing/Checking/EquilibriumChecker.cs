using P2PMarket.Grid;
using P2PMarket.Prosumers;
using P2PMarket.Scenarios;

namespace P2PMarket.Clearing.Checking;

/// <summary>
/// Verifies a cleared market against the conditions of the normalized Nash equilibrium with weights r
/// (MODEL.md sec. 5, 8; r = 1 is the variational equilibrium) from the result alone: every prosumer
/// best-responds to (<c>tradePrice</c>, <c>networkPrice_i = eta_b(i) / r_i</c>) with <c>eta = A^T mu</c>;
/// reciprocity; <c>A P &lt;= b</c>; <c>mu &gt;= 0</c>; <c>mu_k (A P - b)_k = 0</c>. The best response is checked first
/// by its cost gap against the exact local solution (<see cref="LocalSolver"/> with rho = 0), because at price
/// ties PV use, import and export are set-valued; generation, flexible demand and trades are unique and are
/// compared directly.
/// </summary>
public static class EquilibriumChecker
{
    /// <summary>Residuals of every equilibrium condition for <paramref name="candidate"/>.</summary>
    /// <param name="scenario">The market.</param>
    /// <param name="candidate">Decisions, trades, prices, multipliers and weights of the result.</param>
    /// <param name="constraints">The scenario's network rows, if already built (saves rebuilding them).</param>
    /// <exception cref="ArgumentException">An array does not have one entry per prosumer, slot or row.</exception>
    public static EquilibriumResiduals Check(Scenario scenario, EquilibriumCandidate candidate, NetworkConstraints? constraints = null)
    {
        constraints ??= scenario.BuildNetworkConstraints();
        var graph = scenario.Trades;
        var prosumers = scenario.Prosumers;
        var count = prosumers.Count;
        Require(candidate.Decisions.Count == count, "Decisions", $"{count} decisions, one per prosumer");
        Require(candidate.Weights.Count == count, "Weights", $"{count} weights, one per prosumer");
        Require(candidate.Trades.Count == graph.SlotCount, "Trades", $"{graph.SlotCount} trades, one per slot");
        Require(candidate.TradePrice.Count == graph.SlotCount, "TradePrice", $"{graph.SlotCount} trade prices, one per slot");
        Require(candidate.Multiplier.Count == constraints.RowCount, "Multiplier", $"{constraints.RowCount} multipliers, one per network row");
        Require(candidate.NetworkPrice is null || candidate.NetworkPrice.Count == count, "NetworkPrice", $"{count} network prices, one per prosumer");
        for (var i = 0; i < count; i++)
            Require(double.IsFinite(candidate.Weights[i]) && candidate.Weights[i] > 0, "Weights", $"positive finite weights; prosumer {i} has {candidate.Weights[i]}");

        var eta = constraints.BusPrice(candidate.Multiplier.ToArray());

        // 1. Best responses and local residuals.
        var solver = new LocalSolver(scenario.Retail);
        var residuals = new ProsumerResiduals[count];
        var bestTrades = new double[graph.SlotCount];
        var zeros = new double[graph.SlotCount];
        var networkPriceMismatch = 0.0;
        for (var i = 0; i < count; i++)
        {
            var p = prosumers[i];
            var decision = candidate.Decisions[i];
            var networkPrice = eta[p.Bus] / candidate.Weights[i];
            if (candidate.NetworkPrice is { } reported)
                networkPriceMismatch = Math.Max(networkPriceMismatch, Math.Abs(reported[i] - networkPrice));
            residuals[i] = CheckProsumer(scenario.Retail, graph, i, p, decision, candidate, networkPrice, solver, bestTrades, zeros);
        }

        // 2. Reciprocity and trade-price symmetry, over pairs.
        double reciprocity = 0, asymmetry = 0;
        for (var s = 0; s < graph.SlotCount; s++)
        {
            var r = graph.Reverse(s);
            reciprocity = Math.Max(reciprocity, Math.Abs(candidate.Trades[s] + candidate.Trades[r]));
            asymmetry = Math.Max(asymmetry, Math.Abs(candidate.TradePrice[s] - candidate.TradePrice[r]));
        }

        // 3. Feasibility, multiplier sign, complementarity, per network row.
        var busInjection = new double[constraints.BusCount];
        for (var i = 0; i < count; i++) busInjection[prosumers[i].Bus] += candidate.Decisions[i].InjectionKw;
        var residual = constraints.Residual(busInjection);
        var rowViolation = new double[constraints.RowCount];
        double violation = 0, negative = 0, complementarity = 0;
        for (var k = 0; k < constraints.RowCount; k++)
        {
            var mu = candidate.Multiplier[k];
            var norm = constraints.RowNorm[k];
            rowViolation[k] = Math.Max(0, residual[k]);
            violation = Math.Max(violation, norm > 0 ? rowViolation[k] / norm : rowViolation[k]);
            negative = Math.Max(negative, Math.Max(0, -mu) * (norm > 0 ? norm : 1));
            complementarity = Math.Max(complementarity, Math.Abs(mu * residual[k]));
        }
        return new EquilibriumResiduals(residuals, reciprocity, asymmetry, rowViolation, violation, negative, complementarity,
            networkPriceMismatch);
    }

    private static ProsumerResiduals CheckProsumer(RetailPrices retail, TradeGraph graph, int i, ProsumerParameters p,
        LocalDecision decision, EquilibriumCandidate candidate, double networkPrice, LocalSolver solver, double[] bestTrades, double[] zeros)
    {
        var start = graph.SlotStart(i);
        var partners = graph.PartnerCount(i);
        var trades = candidate.Trades;

        // Local feasibility of the stated decision.
        var injection = CostTerms.Injection(p, decision);
        var tradeSum = 0.0;
        var bound = Math.Max(Outside(decision.GenerationKw, 0, p.GenerationMaxKw), Outside(decision.PvUsedKw, 0, p.PvAvailableKw));
        bound = Math.Max(bound, Outside(decision.FlexibleDemandKw, p.DemandMinKw, p.DemandMaxKw));
        bound = Math.Max(bound, Math.Max(Outside(decision.ImportKw, 0, p.RetailLimitKw), Outside(decision.ExportKw, 0, p.RetailLimitKw)));
        for (var s = start; s < start + partners; s++)
        {
            tradeSum += trades[s];
            var limit = graph.PairOf(s).LimitKw;
            bound = Math.Max(bound, Outside(trades[s], -limit, limit));
        }
        var balance = Math.Abs(injection - (tradeSum - decision.ImportKw + decision.ExportKw));

        // Best response at rho = 0 and the priced-cost gap.
        var priced = CostTerms.TrueCost(p, retail, graph, i, decision, trades) + networkPrice * injection
            - CostTerms.TradeRevenue(graph, i, trades, candidate.TradePrice);
        LocalDecision best;
        try
        {
            var prices = candidate.TradePrice as double[] ?? candidate.TradePrice.ToArray();
            best = solver.Solve(p, graph, i, new LocalPrices(networkPrice, 0.0), prices.AsSpan(start, partners),
                zeros.AsSpan(start, partners), bestTrades.AsSpan(start, partners));
        }
        catch (InvalidOperationException)
        {
            // Empty local set: no best response exists, so the decision cannot be one.
            return new ProsumerResiduals(p.Id, networkPrice, double.NaN, double.NaN, double.NaN, double.NaN, balance,
                Math.Abs(decision.InjectionKw - injection), bound, default);
        }
        var bestPriced = CostTerms.TrueCost(p, retail, graph, i, best, bestTrades) + networkPrice * CostTerms.Injection(p, best)
            - CostTerms.TradeRevenue(graph, i, bestTrades, candidate.TradePrice);
        var tradeDeviation = 0.0;
        for (var s = start; s < start + partners; s++) tradeDeviation = Math.Max(tradeDeviation, Math.Abs(trades[s] - bestTrades[s]));

        return new ProsumerResiduals(p.Id, networkPrice, priced - bestPriced,
            Math.Abs(decision.GenerationKw - best.GenerationKw), Math.Abs(decision.FlexibleDemandKw - best.FlexibleDemandKw),
            tradeDeviation, balance, Math.Abs(decision.InjectionKw - injection), bound, best);
    }

    private static double Outside(double value, double min, double max) => Math.Max(0, Math.Max(min - value, value - max));

    private static void Require(bool ok, string field, string expectation)
    {
        if (!ok) throw new ArgumentException($"equilibrium candidate: field '{field}': expected {expectation}", field);
    }
}
