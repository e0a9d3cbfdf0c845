using System.Diagnostics;
using P2PMarket.Clearing.Checking;
using P2PMarket.Clearing.Envelopes;
using P2PMarket.Clearing.Pricing;
using P2PMarket.Grid;
using P2PMarket.Scenarios;

namespace P2PMarket.Clearing.Results;

/// <summary>
/// Assembles the result file of a clearing (DESIGN.md "Scenario and result files") from the scenario and what
/// the clearing produced: the DLMPs and operator surplus (<see cref="DlmpCalculator"/>), the LinDistFlow
/// prediction and the AC power flow of the cleared injections (MODEL.md sec. 8), the dynamic operating
/// envelopes, and optionally the equilibrium residuals (<see cref="EquilibriumChecker"/>).
/// <para>Settlement per prosumer, $ per interval: <c>payoff_i = -C_i + sum_j tradePrice_ij t_ij - networkPrice_i p_i</c>:
/// minus its true cost (which already holds retail purchases and sales, fees and friction), plus its trade
/// revenue (negative for a buyer), minus the network charge it pays the operator. Welfare is <c>-sum_i C_i</c>;
/// trade payments cancel over pairs, so <c>sum_i payoff_i = welfare - operator surplus</c> at reciprocity.</para>
/// </summary>
/// <param name="tolerances">Tolerances of the equilibrium verdict; null = <see cref="EquilibriumTolerances"/> defaults.</param>
/// <param name="checkEquilibrium">Run the equilibrium checker (one exact local solve per prosumer).</param>
/// <param name="bindingToleranceKw">A row whose slack is at most this, in kW of injection on the normalized row, is binding;
/// beyond it in the other direction, violated.</param>
/// <param name="acToleranceKwOrPu">Excess over an AC limit (p.u. for voltages, kW for flows) counted as a violation.</param>
public sealed class MarketResultBuilder(EquilibriumTolerances? tolerances = null, bool checkEquilibrium = true,
    double bindingToleranceKw = 1e-3, double acToleranceKwOrPu = 1e-6)
{
    /// <summary>Tolerances of the equilibrium verdict.</summary>
    public EquilibriumTolerances Tolerances { get; } = tolerances ?? new EquilibriumTolerances();

    /// <summary>Builds the result.</summary>
    /// <param name="scenario">The market.</param>
    /// <param name="cleared">What the clearing produced.</param>
    /// <param name="constraints">The scenario's network rows, if already built.</param>
    /// <exception cref="ArgumentException">An array does not have one entry per prosumer, slot or row.</exception>
    public MarketResult Build(Scenario scenario, ClearedMarket cleared, NetworkConstraints? constraints = null)
    {
        var clock = Stopwatch.StartNew();
        constraints ??= scenario.BuildNetworkConstraints();
        var feeder = scenario.Feeder;
        var model = constraints.Model;
        var graph = scenario.Trades;
        var prosumers = scenario.Prosumers;
        var count = prosumers.Count;
        Require(cleared.Decisions.Count == count, "Decisions", $"{count} decisions, one per prosumer, got {cleared.Decisions.Count}");
        Require(cleared.Weights.Count == count, "Weights", $"{count} weights, one per prosumer, got {cleared.Weights.Count}");
        Require(cleared.Trades.Count == graph.SlotCount, "Trades", $"{graph.SlotCount} trades, one per slot, got {cleared.Trades.Count}");
        Require(cleared.TradePrice.Count == graph.SlotCount, "TradePrice", $"{graph.SlotCount} trade prices, one per slot, got {cleared.TradePrice.Count}");
        Require(cleared.Multiplier.Count is 0 || cleared.Multiplier.Count == constraints.RowCount, "Multiplier",
            $"{constraints.RowCount} multipliers, one per network row, or none, got {cleared.Multiplier.Count}");
        Require(cleared.StaticEnvelopes is null || cleared.StaticEnvelopes.Count == count, "StaticEnvelopes", $"{count} envelopes, one per prosumer");
        var mu = cleared.Multiplier.Count == 0 ? new double[constraints.RowCount] : cleared.Multiplier.ToArray();

        // 1. Injections, linear and AC network state.
        var injection = cleared.Decisions.Select(d => d.InjectionKw).ToArray();
        var busInjection = new double[feeder.BusCount];
        for (var i = 0; i < count; i++) busInjection[prosumers[i].Bus] += injection[i];
        var squaredVoltage = model.SquaredVoltage(busInjection);
        var flow = model.FlowKw(busInjection);
        var ac = new AcPowerFlow().Solve(feeder, busInjection);
        var residual = constraints.Residual(busInjection);

        // 2. Prices, envelopes, equilibrium residuals.
        var dlmp = new DlmpCalculator().Compute(constraints, mu, graph, cleared.Trades, cleared.TradePrice, prosumers,
            cleared.Decisions, scenario.Retail, cleared.Weights, cleared.LossFactor);
        var dynamic = DynamicEnvelopeCalculator.Compute(constraints, prosumers.Select(p => p.Bus).ToArray(), injection);
        var equilibrium = checkEquilibrium
            ? EquilibriumChecker.Check(scenario,
                new EquilibriumCandidate(cleared.Decisions, cleared.Trades, cleared.TradePrice, mu, cleared.Weights) { NetworkPrice = cleared.NetworkPrice },
                constraints)
            : null;

        // 3. Prosumers and their settlement.
        var prosumerResults = new ProsumerResult[count];
        double welfare = 0, payoffSum = 0, imports = 0, exports = 0;
        for (var i = 0; i < count; i++)
        {
            var p = prosumers[i];
            var d = cleared.Decisions[i];
            var cost = CostTerms.TrueCost(p, scenario.Retail, graph, i, d, cleared.Trades);
            var revenue = CostTerms.TradeRevenue(graph, i, cleared.Trades, cleared.TradePrice);
            var charge = dlmp.NetworkPrice[i] * d.InjectionKw;
            var payoff = -cost + revenue - charge;
            welfare -= cost;
            payoffSum += payoff;
            imports += d.ImportKw;
            exports += d.ExportKw;
            var trades = new TradeResult[graph.PartnerCount(i)];
            for (var k = 0; k < trades.Length; k++)
            {
                var s = graph.SlotStart(i) + k;
                trades[k] = new TradeResult(prosumers[graph.Partner(s)].Id, cleared.Trades[s], cleared.TradePrice[s],
                    Finite(dlmp.NetworkChargePerKwh[s]));
            }
            prosumerResults[i] = new ProsumerResult(p.Id, feeder.Buses[p.Bus].Label, cleared.Weights[i],
                d.GenerationKw, d.PvUsedKw, p.PvAvailableKw - d.PvUsedKw, d.FlexibleDemandKw, d.ImportKw, d.ExportKw, d.InjectionKw,
                trades, dlmp.NetworkPrice[i], Envelope(dynamic[i]),
                cleared.StaticEnvelopes is { } statics ? Envelope(statics[i]) : null,
                cost, revenue, charge, payoff, equilibrium is null ? null : Finite(equilibrium.Prosumers[i].CostGap));
        }

        // 4. Buses and branches.
        var buses = new BusResult[feeder.BusCount];
        for (var n = 0; n < feeder.BusCount; n++)
        {
            var b = dlmp.Buses[n];
            buses[n] = new BusResult(feeder.Buses[n].Label, busInjection[n], feeder.Buses[n].LoadKw, dlmp.BusPrice[n],
                new DlmpComponents(Finite(b.Total), Finite(b.Energy), b.Congestion, b.Voltage, Finite(b.Loss)),
                Math.Sqrt(squaredVoltage[n]), ac.VoltagePu[n]);
        }
        var branches = feeder.Branches.Select((b, l) => new BranchResult(feeder.Buses[b.ParentIndex].Label,
            feeder.Buses[b.ChildIndex].Label, flow[l], ac.SendingFlowKw[l], b.LimitKw)).ToArray();

        // 5. Network rows in physical form: value - bound = (A P - b)_k.
        var rows = new NetworkRowResult[constraints.RowCount];
        var violatedRows = 0;
        for (var k = 0; k < constraints.RowCount; k++)
        {
            var kind = constraints.Kinds[k];
            var subject = constraints.Subjects[k];
            var limits = scenario.VoltageLimits;
            var (value, bound) = kind switch
            {
                NetworkRowKind.VoltageMax => (squaredVoltage[subject], limits.MaxPu * limits.MaxPu),
                NetworkRowKind.VoltageMin => (-squaredVoltage[subject], -limits.MinPu * limits.MinPu),
                NetworkRowKind.FlowMax => (flow[subject], feeder.Branches[subject].LimitKw!.Value),
                _ => (-flow[subject], feeder.Branches[subject].LimitKw!.Value),
            };
            var norm = constraints.RowNorm[k] > 0 ? constraints.RowNorm[k] : 1.0;
            var normalizedResidual = residual[k] / norm;
            if (normalizedResidual > bindingToleranceKw) violatedRows++;
            var isVoltage = kind is NetworkRowKind.VoltageMax or NetworkRowKind.VoltageMin;
            rows[k] = new NetworkRowResult(constraints.Labels[k], KindName(kind), NetworkConstraints.UnitOf(kind), value, bound, mu[k],
                isVoltage ? "$/h per p.u.^2" : "$/kWh", normalizedResidual >= -bindingToleranceKw);
        }

        // 6. Totals: losses, voltage range, violations linear and AC.
        var limitsPu = scenario.VoltageLimits;
        var linearVoltage = buses.Select(b => b.VoltageLinearPu).ToArray();
        double voltageViolationLinear = 0, voltageViolationAc = 0, flowViolationLinear = 0, flowViolationAc = 0;
        var violatedAc = 0;
        for (var n = 1; n < feeder.BusCount; n++)
        {
            voltageViolationLinear = Math.Max(voltageViolationLinear, Excess(linearVoltage[n], limitsPu.MinPu, limitsPu.MaxPu));
            var acExcess = Excess(ac.VoltagePu[n], limitsPu.MinPu, limitsPu.MaxPu);
            voltageViolationAc = Math.Max(voltageViolationAc, acExcess);
            if (acExcess > acToleranceKwOrPu) violatedAc++;
        }
        for (var l = 0; l < feeder.Branches.Count; l++)
        {
            if (feeder.Branches[l].LimitKw is not { } limit) continue;
            flowViolationLinear = Math.Max(flowViolationLinear, Math.Max(0, Math.Abs(flow[l]) - limit));
            var acExcess = Math.Max(0, Math.Abs(ac.SendingFlowKw[l]) - limit);
            flowViolationAc = Math.Max(flowViolationAc, acExcess);
            if (acExcess > acToleranceKwOrPu) violatedAc++;
        }
        var totals = new MarketTotals(welfare, payoffSum, dlmp.OperatorSurplus, dlmp.TradedVolumeKw, Finite(dlmp.EnergyPrice),
            SourceName(dlmp.EnergySource), imports, exports, model.LossKw(busInjection), ac.LossKw,
            linearVoltage.Skip(1).DefaultIfEmpty(feeder.SubstationVoltagePu).Min(), linearVoltage.Skip(1).DefaultIfEmpty(feeder.SubstationVoltagePu).Max(),
            ac.VoltagePu.Skip(1).DefaultIfEmpty(feeder.SubstationVoltagePu).Min(), ac.VoltagePu.Skip(1).DefaultIfEmpty(feeder.SubstationVoltagePu).Max(),
            voltageViolationLinear, flowViolationLinear, voltageViolationAc, flowViolationAc, violatedRows, violatedAc, ac.Converged);

        // 7. Clearing, history, timings.
        var history = cleared.History.Select(h => new ConvergenceRecord(h.Iteration, h.ReciprocityResidualKw, h.NetworkViolationKw,
            h.TradeDualResidual, h.NetworkPrimalResidualKw, h.NetworkDualResidual, h.Rho, h.InjectionProximal, h.DualStep, h.LocalSolveSeconds, h.NetworkSeconds, h.CoordinatorSeconds)).ToArray();
        var clearing = new ClearingSummary(cleared.Exit, cleared.Iterations,
            cleared.RelativeTolerance ?? scenario.Settings.RelativeTolerance, cleared.AbsoluteTolerance ?? scenario.Settings.AbsoluteTolerance,
            scenario.Settings.IntervalHours, history.Length > 0 ? history[0].RhoUsdPerKw2 : null, history.Length > 0 ? history[^1].RhoUsdPerKw2 : null);
        var timings = new ResultTimings(cleared.WallSeconds, history.Sum(h => h.LocalSolveSeconds), history.Sum(h => h.NetworkSeconds),
            history.Sum(h => h.CoordinatorSeconds), clock.Elapsed.TotalSeconds);
        var marketLimits = new MarketLimits(limitsPu.MinPu, limitsPu.MaxPu, scenario.Retail.ImportPerKwh, scenario.Retail.ExportPerKwh);

        return new MarketResult(MarketResult.CurrentSchemaVersion, scenario.Name, cleared.Mode, clearing, marketLimits, prosumerResults,
            buses, branches, rows, totals, equilibrium is null ? null : Summarize(equilibrium), history, timings);
    }

    private EquilibriumSummary Summarize(EquilibriumResiduals r)
    {
        var t = Tolerances;
        return new EquilibriumSummary(r.Passes(t), r.Failures(t).Select(CamelCase).ToArray(),
            Finite(r.MaxCostGap), Finite(r.MaxGenerationDeviationKw), Finite(r.MaxDemandDeviationKw), Finite(r.MaxTradeDeviationKw),
            r.MaxBalanceResidualKw, r.MaxInjectionMismatchKw, r.MaxLocalBoundViolationKw, r.ReciprocityKw, r.TradePriceAsymmetry,
            r.NetworkViolationKw, r.NegativeMultiplier, r.Complementarity, r.NetworkPriceMismatch,
            new EquilibriumToleranceSummary(t.CostGapUsd, t.QuantityKw, t.TradeDeviationKw, t.NetworkKw, t.PriceUsdPerKwh, t.ComplementarityUsd));
    }

    private static EnvelopeResult Envelope(OperatingEnvelope e) => new(Finite(e.MinKw), Finite(e.MaxKw));

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static double Excess(double value, double min, double max) => Math.Max(0, Math.Max(min - value, value - max));

    private static string CamelCase<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static string KindName(NetworkRowKind kind) => kind switch
    {
        NetworkRowKind.VoltageMax => "vmax",
        NetworkRowKind.VoltageMin => "vmin",
        NetworkRowKind.FlowMax => "fmax",
        _ => "fmin",
    };

    private static string SourceName(EnergyPriceSource source) => CamelCase(source);

    private static void Require(bool ok, string field, string expectation)
    {
        if (!ok) throw new ArgumentException($"cleared market: field '{field}': expected {expectation}", field);
    }
}
