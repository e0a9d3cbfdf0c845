using Grpc.Core;
using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Modes;
using P2PMarket.Clearing.Results;
using P2PMarket.Prosumers;
using P2PMarket.Protos.V1;
using P2PMarket.Scenarios;
using MarketMode = P2PMarket.Clearing.Market.MarketMode;
using ModeMessage = P2PMarket.Protos.V1.MarketMode;

namespace P2PMarket.Cli.Running;

/// <summary>
/// A clearing through the Coordinator service's public API (<c>StartClearing</c>): the coordinator runs the ADMM
/// against its gateways and operator; this client follows the progress stream and turns the final message into
/// the result file, adding the analysis that needs the whole scenario (AC power flow, DLMPs, equilibrium check).
/// </summary>
public static class CoordinatorClearing
{
    /// <summary>True if the coordinator API serves <paramref name="mode"/> (the others need prosumers' private ranges).</summary>
    public static bool Serves(MarketMode mode) => mode is MarketMode.Unconstrained or MarketMode.Variational or MarketMode.Normalized;

    /// <summary>Clears <paramref name="scenarioId"/> in <paramref name="mode"/> through <paramref name="coordinator"/>.</summary>
    public static async Task<MarketResult> ClearAsync(CoordinatorService.CoordinatorServiceClient coordinator, Scenario scenario,
        string scenarioId, MarketMode mode, ModeRunOptions options, IProgress<AdmmIteration>? progress, CancellationToken cancellationToken)
    {
        var request = new StartClearingRequest
        {
            ScenarioId = scenarioId,
            Mode = mode switch
            {
                MarketMode.Unconstrained => ModeMessage.Unconstrained,
                MarketMode.Variational => ModeMessage.Ve,
                MarketMode.Normalized => ModeMessage.Nne,
                _ => throw new UsageException("--modes", $"unconstrained, ve or nne through the coordinator API; {ModeRun.NameOf(mode)} needs the prosumers' private ranges"),
            },
            RelativeTolerance = options.Admm.RelativeTolerance,
            AbsoluteTolerance = options.Admm.AbsoluteTolerance,
            MaxIterations = options.Admm.MaxIterations,
            InitialRho = options.Admm.InitialRho,
        };
        if (mode == MarketMode.Normalized && options.Weights is { } weights) request.Weights.Add(weights);

        using var call = coordinator.StartClearing(request, cancellationToken: cancellationToken);
        var history = new List<AdmmIteration>();
        ClearingResult? final = null;
        await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (message.PayloadCase == StartClearingResponse.PayloadOneofCase.Progress)
            {
                var p = message.Progress;
                var iteration = new AdmmIteration(p.Iteration, p.ReciprocityResidualKw, p.NetworkViolationKw, p.TradeDualResidual,
                    p.NetworkPrimalResidualKw, p.NetworkDualResidual, p.Rho, p.InjectionProximal, p.DualStep, p.LocalSolveSeconds,
                    p.NetworkSeconds, p.CoordinatorSeconds);
                history.Add(iteration);
                progress?.Report(iteration);
            }
            else if (message.PayloadCase == StartClearingResponse.PayloadOneofCase.Result) final = message.Result;
        }
        if (final is null) throw new RpcException(new Status(StatusCode.Internal, "the coordinator's stream ended without a result"));
        // As the mode runner does: the equilibrium conditions are those of the markets that price the network.
        var builder = new MarketResultBuilder(options.Tolerances, checkEquilibrium: options.CheckEquilibrium && mode != MarketMode.Unconstrained);
        return builder.Build(scenario, ToClearedMarket(scenario, ModeRun.NameOf(mode), final, history, options.Admm));
    }

    private static ClearedMarket ToClearedMarket(Scenario scenario, string mode, ClearingResult result, IReadOnlyList<AdmmIteration> history,
        AdmmOptions options)
    {
        var graph = scenario.Trades;
        var ids = scenario.Prosumers.Select(p => p.Id).ToArray();
        if (!result.Prosumers.Select(p => p.ProsumerId).SequenceEqual(ids))
            throw new UsageException("--scenario", $"the scenario the coordinator cleared as '{result.ScenarioId}': its prosumers differ from the local file's");
        var index = ids.Select((id, i) => (id, i)).ToDictionary(t => t.id, t => t.i);
        var trades = new double[graph.SlotCount];
        var prices = new double[graph.SlotCount];
        var decisions = new LocalDecision[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            var p = result.Prosumers[i];
            decisions[i] = new LocalDecision(p.GenerationKw, p.PvUsedKw, p.FlexibleDemandKw, p.ImportKw, p.ExportKw, p.InjectionKw,
                p.BalancePrice, p.CostUsd, p.InjectionBoundPrice);
            foreach (var trade in p.Trades)
            {
                var slot = index.TryGetValue(trade.PartnerId, out var j) ? graph.SlotOf(i, j) : -1;
                if (slot < 0)
                    throw new UsageException("--scenario", $"the coordinator's scenario: {p.ProsumerId} trades with {trade.PartnerId}, not a partner in the local file");
                trades[slot] = trade.TradeKw;
                prices[slot] = trade.TradePrice;
            }
        }
        return new ClearedMarket(mode, decisions, trades, prices, result.Multipliers.Select(m => m.Multiplier).ToArray(), result.Weights.ToArray())
        {
            Exit = result.Exit == ClearingExit.Converged ? "converged" : "iterationLimit",
            Iterations = result.Iterations,
            History = history,
            WallSeconds = result.WallSeconds,
            RelativeTolerance = options.RelativeTolerance,
            AbsoluteTolerance = options.AbsoluteTolerance,
            NetworkPrice = result.Multipliers.Count == 0 ? null : result.Prosumers.Select(p => p.NetworkPrice).ToArray(),
        };
    }
}
