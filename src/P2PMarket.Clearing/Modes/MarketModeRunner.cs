using System.Diagnostics;
using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Envelopes;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Results;
using P2PMarket.Grid;
using P2PMarket.Prosumers;
using P2PMarket.Scenarios;

namespace P2PMarket.Clearing.Modes;

/// <summary>
/// Runs any market mode of MODEL.md sec. 9 on a scenario against an <see cref="IMarketPorts"/>, so the same runner
/// clears in-process and across services:
/// <list type="bullet">
/// <item><c>unconstrained</c>: the ADMM with the grid ignored (<see cref="AdmmOptions.UseNetwork"/> = false).</item>
/// <item><c>ve</c>: the DLMP-parametrized ADMM with every weight 1; <c>nne</c>: with the given or the scenario's weights.</item>
/// <item><c>oe</c>: robust static envelopes (<see cref="RobustEnvelopeSolver"/>, MODEL.md sec. 4) imposed as hard
/// injection bounds, the grid not priced.</item>
/// <item><c>discard</c>: clear unconstrained; while some row of <c>A P &lt;= b</c> is violated, block (trade limit 0)
/// the pair with the largest contribution to the most violated row and re-clear. A trade of <c>t</c> kW from the
/// seller's bus to the buyer's contributes <c>(A[k,b(seller)] - A[k,b(buyer)]) t</c> to row k. If no remaining trade
/// contributes to the most violated row, the next violated row is tried; the mode stops when the market is feasible
/// or no trade contributes to any violated row. Trades below the feasibility tolerance are not candidates.</item>
/// </list>
/// Every run ends with the result file of its final clearing (<see cref="MarketResultBuilder"/>), the equilibrium
/// checked for <c>ve</c> and <c>nne</c>.
/// </summary>
public sealed class MarketModeRunner
{
    /// <summary>Runs <paramref name="mode"/> on <paramref name="scenario"/> with its own (lossless) network rows.</summary>
    /// <param name="scenario">The market.</param>
    /// <param name="mode">The market design.</param>
    /// <param name="options">ADMM settings, weights and tolerances.</param>
    /// <param name="ports">Opens the two ports of each clearing.</param>
    /// <param name="progress">Receives every ADMM iteration of every clearing (may be null).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public Task<ModeRun> RunAsync(Scenario scenario, MarketMode mode, ModeRunOptions options, IMarketPorts ports,
        IProgress<AdmmIteration>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(scenario, mode, options, ports, scenario.BuildNetworkConstraints(), null, null, progress, cancellationToken);

    /// <summary>Runs <paramref name="mode"/> against the rows <paramref name="rows"/>: the operator prices them
    /// (<c>ve</c>, <c>nne</c>), the envelopes keep them (<c>oe</c>), the security check tests them (<c>discard</c>).</summary>
    /// <param name="scenario">The market.</param>
    /// <param name="mode">The market design.</param>
    /// <param name="options">ADMM settings, weights and tolerances.</param>
    /// <param name="ports">Opens the two ports of each clearing.</param>
    /// <param name="rows">The network rows, e.g. a loss-aware re-linearization (<see cref="NetworkConstraints.WithRows"/>).</param>
    /// <param name="lossFactor">Per bus: <c>LF_n</c> for the DLMPs' loss component (MODEL.md sec. 6); null = lossless.</param>
    /// <param name="name">The mode's name in the result; null = <see cref="ModeRun.NameOf"/>.</param>
    /// <param name="progress">Receives every ADMM iteration of every clearing (may be null).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<ModeRun> RunAsync(Scenario scenario, MarketMode mode, ModeRunOptions options, IMarketPorts ports,
        NetworkConstraints rows, IReadOnlyList<double>? lossFactor, string? name, IProgress<AdmmIteration>? progress,
        CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        name ??= ModeRun.NameOf(mode);
        var count = scenario.Prosumers.Count;
        var ones = Enumerable.Repeat(1.0, count).ToArray();
        var weights = mode == MarketMode.Normalized ? (options.Weights ?? scenario.Prosumers.Select(p => p.Weight).ToArray()) : ones;
        var layout = MarketLayoutFactory.Create(scenario, weights);
        var priced = mode is MarketMode.Variational or MarketMode.Normalized;
        var admm = options.Admm with { UseNetwork = priced };
        var outcomes = new List<AdmmOutcome>();
        RobustEnvelopes? envelopes = null;
        DiscardReport? discard = null;

        switch (mode)
        {
            case MarketMode.Unconstrained or MarketMode.Variational or MarketMode.Normalized:
                outcomes.Add(await ClearAsync(scenario, rows, layout, admm, ports, $"{name}-{scenario.Name}", progress, cancellationToken));
                break;
            case MarketMode.OperatingEnvelope:
            {
                // 1. Robust static envelopes on the rows, then a clearing bounded by them, network not priced.
                var ranges = scenario.Prosumers.Select((p, i) => InjectionRange.Of(p, scenario.Trades, i)).ToArray();
                envelopes = new RobustEnvelopeSolver().Solve(rows, scenario.Prosumers.Select(p => p.Bus).ToArray(), ranges, options.EnvelopeWeights);
                var min = envelopes.Envelopes.Select(e => e.MinKw).ToArray();
                var max = envelopes.Envelopes.Select(e => e.MaxKw).ToArray();
                outcomes.Add(await ClearAsync(scenario, rows, layout, admm, ports, $"{name}-{scenario.Name}", progress, cancellationToken, min, max));
                break;
            }
            case MarketMode.Discard:
                discard = await DiscardAsync(scenario, rows, layout, admm, options, ports, name, outcomes, progress, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), $"unknown market mode {mode}");
        }
        var wallSeconds = wall.Elapsed.TotalSeconds;

        var final = outcomes[^1];
        var iterations = outcomes.Sum(o => o.Iterations);
        var converged = outcomes.All(o => o.Exit == AdmmExit.Converged);
        var cleared = ClearedMarket.FromAdmm(name, final, weights, admm) with
        {
            Iterations = iterations,
            WallSeconds = wallSeconds,
            StaticEnvelopes = envelopes?.Envelopes,
            LossFactor = lossFactor,
        };
        var result = new MarketResultBuilder(options.Tolerances, options.CheckEquilibrium && priced, options.FeasibilityToleranceKw)
            .Build(scenario, cleared, rows);
        // Each row's value as the rows in force predict it (value - bound = (A P - b)_k): the builder's LinDistFlow
        // value, unless the rows are a re-linearization.
        var residual = rows.Residual(BusInjection(scenario, final.Decisions));
        result = result with { NetworkRows = result.NetworkRows.Select((row, k) => row with { Value = row.Bound + residual[k] }).ToArray() };
        var violation = double.NegativeInfinity;
        for (var k = 0; k < rows.RowCount; k++)
            if (rows.RowNorm[k] > 0) violation = Math.Max(violation, residual[k] / rows.RowNorm[k]);
        return new ModeRun(mode, name, outcomes, iterations, converged, wallSeconds, rows, cleared, result,
            double.IsFinite(violation) ? violation : 0.0)
        {
            Discard = discard,
            Envelopes = envelopes,
        };
    }

    /// <summary>Runs each of <paramref name="modes"/> in turn on the scenario's own rows.</summary>
    public async Task<IReadOnlyList<ModeRun>> RunAllAsync(Scenario scenario, IEnumerable<MarketMode> modes, ModeRunOptions options,
        IMarketPorts ports, IProgress<AdmmIteration>? progress = null, CancellationToken cancellationToken = default)
    {
        var rows = scenario.BuildNetworkConstraints();
        var runs = new List<ModeRun>();
        foreach (var mode in modes)
            runs.Add(await RunAsync(scenario, mode, options, ports, rows, null, null, progress, cancellationToken));
        return runs;
    }

    /// <summary>Per bus: the sum of the prosumers' injections, kW.</summary>
    public static double[] BusInjection(Scenario scenario, IReadOnlyList<LocalDecision> decisions)
    {
        var bus = new double[scenario.Feeder.BusCount];
        for (var i = 0; i < scenario.Prosumers.Count; i++) bus[scenario.Prosumers[i].Bus] += decisions[i].InjectionKw;
        return bus;
    }

    private static async Task<DiscardReport> DiscardAsync(Scenario scenario, NetworkConstraints rows, MarketLayout layout, AdmmOptions admm,
        ModeRunOptions options, IMarketPorts ports, string name, List<AdmmOutcome> outcomes, IProgress<AdmmIteration>? progress,
        CancellationToken cancellationToken)
    {
        var graph = scenario.Trades;
        var prosumers = scenario.Prosumers;
        var tolerance = options.FeasibilityToleranceKw;
        // The slot of each pair seen from its first prosumer.
        var pairSlot = new int[graph.Pairs.Count];
        for (var s = 0; s < graph.SlotCount; s++)
            if (graph.Partner(s) == graph.Pairs[graph.PairIndexOf(s)].Second) pairSlot[graph.PairIndexOf(s)] = s;
        var tradeLimit = Enumerable.Repeat(double.PositiveInfinity, graph.SlotCount).ToArray();
        var blocked = new bool[graph.Pairs.Count];
        var dropped = new List<DroppedTrade>();

        for (var round = 0; ; round++)
        {
            // 1. Clear with the pairs dropped so far.
            var outcome = await ClearAsync(scenario, rows, layout, admm, ports, $"{name}-{scenario.Name}-{round}", progress, cancellationToken,
                tradeLimit: round == 0 ? null : tradeLimit);
            outcomes.Add(outcome);

            // 2. Security check: violated rows, most violated first.
            var residual = rows.Residual(BusInjection(scenario, outcome.Decisions));
            var violated = Enumerable.Range(0, rows.RowCount)
                .Where(k => rows.RowNorm[k] > 0 && residual[k] / rows.RowNorm[k] > tolerance)
                .OrderByDescending(k => residual[k] / rows.RowNorm[k])
                .ToArray();
            if (violated.Length == 0) return new DiscardReport(DiscardStop.Feasible, dropped, []);

            // 3. The trade with the largest contribution to the most violated row that has a contributing trade.
            DroppedTrade? drop = null;
            foreach (var k in violated)
            {
                var best = 0.0;
                for (var pair = 0; pair < graph.Pairs.Count; pair++)
                {
                    if (blocked[pair]) continue;
                    var s = pairSlot[pair];
                    var trade = 0.5 * (outcome.Trades[s] - outcome.Trades[graph.Reverse(s)]); // > 0: First sells
                    if (Math.Abs(trade) <= tolerance) continue;
                    var (seller, buyer) = trade > 0 ? (graph.Pairs[pair].First, graph.Pairs[pair].Second) : (graph.Pairs[pair].Second, graph.Pairs[pair].First);
                    var quantity = Math.Abs(trade);
                    var contribution = (rows.Matrix[k, prosumers[seller].Bus] - rows.Matrix[k, prosumers[buyer].Bus]) * quantity / rows.RowNorm[k];
                    if (contribution <= best) continue;
                    best = contribution;
                    drop = new DroppedTrade(round + 1, pair, prosumers[seller].Id, prosumers[buyer].Id, quantity, rows.Labels[k], contribution,
                        residual[k] / rows.RowNorm[k]);
                }
                if (drop is not null) break;
            }
            if (drop is null)
            {
                var remaining = violated.Select(k => new RowViolation(rows.Labels[k], residual[k] / rows.RowNorm[k], residual[k])).ToArray();
                return new DiscardReport(DiscardStop.NoContributingTrade, dropped, remaining);
            }
            blocked[drop.PairIndex] = true;
            tradeLimit[pairSlot[drop.PairIndex]] = tradeLimit[graph.Reverse(pairSlot[drop.PairIndex])] = 0.0;
            dropped.Add(drop);
        }
    }

    private static async Task<AdmmOutcome> ClearAsync(Scenario scenario, NetworkConstraints rows, MarketLayout layout, AdmmOptions admm,
        IMarketPorts ports, string clearingId, IProgress<AdmmIteration>? progress, CancellationToken cancellationToken,
        IReadOnlyList<double>? injectionMinKw = null, IReadOnlyList<double>? injectionMaxKw = null, IReadOnlyList<double>? tradeLimit = null)
    {
        await using var pair = await ports.OpenAsync(scenario, rows, clearingId, cancellationToken);
        return await new AdmmClearing(admm).RunAsync(layout, pair.Prosumers, admm.UseNetwork ? pair.Network : null, clearingId, progress,
            cancellationToken, injectionMinKw, injectionMaxKw, tradeLimit);
    }
}
