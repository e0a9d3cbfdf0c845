using P2PMarket.Clearing.Admm;
using P2PMarket.Protos.V1;

namespace P2PMarket.Services.Hosting.Coordinator;

/// <summary>Maps the loop's outcome and the gateways' settlements to the public result message.</summary>
public static class ClearingResults
{
    /// <summary>Builds the result of a clearing.</summary>
    /// <param name="clearingId">The clearing.</param>
    /// <param name="spec">What was cleared.</param>
    /// <param name="outcome">The loop's outcome.</param>
    /// <param name="rowLabels">Labels of the network rows (empty without the network).</param>
    /// <param name="settlements">Per prosumer: its settlement by its gateway.</param>
    public static ClearingResult ToMessage(string clearingId, ClearingSpec spec, AdmmOutcome outcome, IReadOnlyList<string> rowLabels,
        IReadOnlyList<SettleResponse> settlements)
    {
        var layout = spec.Layout;
        var graph = layout.Trades;
        double welfare = 0, surplus = 0;
        var result = new ClearingResult
        {
            ClearingId = clearingId,
            ScenarioId = spec.ScenarioId,
            Mode = spec.Mode,
            Exit = outcome.Exit == AdmmExit.Converged ? ClearingExit.Converged : ClearingExit.IterationLimit,
            Converged = outcome.Exit == AdmmExit.Converged,
            Iterations = outcome.Iterations,
            WallSeconds = outcome.WallSeconds,
        };
        for (var i = 0; i < graph.ProsumerCount; i++)
        {
            var decision = outcome.Decisions[i];
            var (envelopeMin, envelopeMax) = outcome.OperatingEnvelopeKw[i];
            var prosumer = new ProsumerOutcome
            {
                ProsumerId = spec.ProsumerIds[i],
                BusLabel = spec.BusLabels[layout.ProsumerBus[i]],
                InjectionKw = decision.InjectionKw,
                NetworkPrice = outcome.NetworkPrice[i],
                GenerationKw = decision.GenerationKw,
                PvUsedKw = decision.PvUsedKw,
                FlexibleDemandKw = decision.FlexibleDemandKw,
                ImportKw = decision.ImportKw,
                ExportKw = decision.ExportKw,
                BalancePrice = decision.BalancePrice,
                EnvelopeMinKw = envelopeMin,
                EnvelopeMaxKw = envelopeMax,
                CostUsd = decision.Cost,
                PayoffUsd = settlements[i].PayoffUsd,
                InjectionBoundPrice = decision.InjectionBoundPrice,
            };
            for (var s = graph.SlotStart(i); s < graph.SlotStart(i) + graph.PartnerCount(i); s++)
                prosumer.Trades.Add(new TradeOutcome { PartnerId = spec.ProsumerIds[graph.Partner(s)], TradeKw = outcome.Trades[s], TradePrice = outcome.TradePrice[s] });
            result.Prosumers.Add(prosumer);
            welfare -= decision.Cost;
            surplus += outcome.NetworkPrice[i] * decision.InjectionKw;
        }
        result.WelfareUsd = welfare;
        result.OperatorSurplusUsd = surplus;
        result.BusPrice.Add(outcome.BusPrice);
        result.BusLabels.Add(spec.BusLabels);
        for (var k = 0; k < rowLabels.Count; k++) result.Multipliers.Add(new RowMultiplier { Label = rowLabels[k], Multiplier = outcome.Multiplier[k] });
        result.Weights.Add(layout.Weight);
        return result;
    }

    /// <summary>The progress message of one iteration.</summary>
    public static ClearingProgress ToMessage(AdmmIteration iteration) => new()
    {
        Iteration = iteration.Iteration,
        ReciprocityResidualKw = iteration.ReciprocityResidualKw,
        NetworkViolationKw = iteration.NetworkViolationKw,
        TradeDualResidual = iteration.TradeDualResidual,
        NetworkPrimalResidualKw = iteration.NetworkPrimalResidualKw,
        NetworkDualResidual = iteration.NetworkDualResidual,
        Rho = iteration.Rho,
        InjectionProximal = iteration.InjectionProximal,
        DualStep = iteration.DualStep,
        LocalSolveSeconds = iteration.LocalSolveSeconds,
        NetworkSeconds = iteration.NetworkSeconds,
        CoordinatorSeconds = iteration.CoordinatorSeconds,
    };
}
