using System.Diagnostics;
using P2PMarket.Clearing.Ports;

namespace P2PMarket.Clearing.Admm;

/// <summary>
/// The DLMP-parametrized ADMM clearing (MODEL.md sec. 7), written once against the two ports so the same
/// loop runs in-process and across services with bit-identical results. Trades reach reciprocity by ADMM
/// on the pairwise constraints (consensus form of Boyd et al. 2011, sec. 7); the network enters by the
/// operator's projected dual step on its multipliers, taken on the extrapolated injections with a proximal
/// term on each injection (Chambolle &amp; Pock 2011), which converges where plain dual ascent oscillates on
/// bang-bang decisions (PV curtailment, retail) and has the same fixed point. Penalties adapt by residual
/// balancing (Boyd sec. 3.4.1), so no hand tuning is needed.
/// </summary>
public sealed class AdmmClearing(AdmmOptions options)
{
    /// <summary>The options in force.</summary>
    public AdmmOptions Options { get; } = options;

    /// <summary>Runs the loop to convergence or the iteration cap.</summary>
    /// <param name="layout">The coordinator's view of the market.</param>
    /// <param name="prosumers">The prosumers' port.</param>
    /// <param name="network">The operator's port; null or <see cref="AdmmOptions.UseNetwork"/> = false ignores the grid.</param>
    /// <param name="clearingId">Identifier carried by every message.</param>
    /// <param name="progress">Receives each iteration's residuals (may be null).</param>
    /// <param name="cancellationToken">Cancels the clearing.</param>
    public async Task<AdmmOutcome> RunAsync(MarketLayout layout, IProsumerPort prosumers, INetworkOperatorPort? network,
        string clearingId, IProgress<AdmmIteration>? progress, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var graph = layout.Trades;
        var prosumerCount = graph.ProsumerCount;
        var slotCount = graph.SlotCount;
        var busCount = layout.BusCount;
        var useNetwork = network is not null && Options.UseNetwork;

        var description = useNetwork ? await network!.DescribeAsync(cancellationToken) : new NetworkDescription(busCount, [], 0);
        var rowCount = description.RowLabels.Count;
        var prosumersPerBus = new int[busCount];
        foreach (var bus in layout.ProsumerBus) prosumersPerBus[bus]++;
        var crowding = Math.Max(1, prosumersPerBus.Max());
        var normSquared = Math.Max(description.NormalizedNormSquared, 1e-12) * crowding;

        var request = new ProsumerStepRequest(prosumerCount, slotCount) { ClearingId = clearingId };
        var result = new ProsumerStepResult(prosumerCount, slotCount);
        var networkRequest = new NetworkStepRequest(busCount) { ClearingId = clearingId };
        var networkResult = new NetworkStepResult(busCount, rowCount);
        var trades = new double[slotCount];
        var tradePrice = new double[slotCount];
        var injection = new double[prosumerCount];
        var history = new List<AdmmIteration>();

        var rho = Options.InitialRho;
        var networkScale = 1.0; // multiplies the safe dual step; adapted by residual balancing
        var exit = AdmmExit.IterationLimit;
        var iteration = 0;
        var sqrtSlots = Math.Sqrt(Math.Max(1, slotCount));
        var sqrtRows = Math.Sqrt(Math.Max(1, rowCount));
        var clock = new Stopwatch();

        while (iteration < Options.MaxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            clock.Restart();
            // 1. Signals for every prosumer (MODEL.md sec. 7 step 1).
            var tau = useNetwork ? Options.InjectionProximalFactor * rho : 0.0;
            var dualStep = useNetwork ? Options.DualStepSafety * networkScale * tau / normSquared : 0.0;
            request.Iteration = iteration;
            request.Rho = rho;
            request.InjectionProximal = tau;
            request.IncludeDecisions = false;
            for (var i = 0; i < prosumerCount; i++)
            {
                request.NetworkPrice[i] = useNetwork ? networkResult.BusPrice[layout.ProsumerBus[i]] / layout.Weight[i] : 0.0;
                request.InjectionAnchorKw[i] = injection[i];
            }
            for (var s = 0; s < slotCount; s++)
            {
                request.TradePrice[s] = tradePrice[s];
                request.TradeAnchor[s] = 0.5 * (trades[s] - trades[graph.Reverse(s)]);
            }
            var coordinatorSeconds = clock.Elapsed.TotalSeconds;

            // 2. Local solves.
            clock.Restart();
            await prosumers.StepAsync(request, result, cancellationToken);
            var localSeconds = clock.Elapsed.TotalSeconds;
            iteration++;

            // 3. Trade prices; residuals of the trades.
            clock.Restart();
            double reciprocitySquared = 0, tradeChangeSquared = 0, tradeSquared = 0, priceSquared = 0;
            for (var s = 0; s < slotCount; s++)
            {
                var mismatch = result.Trades[s] + result.Trades[graph.Reverse(s)];
                tradePrice[s] -= 0.5 * rho * mismatch;
                reciprocitySquared += mismatch * mismatch;
                var change = result.Trades[s] - trades[s];
                tradeChangeSquared += change * change;
                tradeSquared += result.Trades[s] * result.Trades[s];
                priceSquared += tradePrice[s] * tradePrice[s];
            }
            var reciprocity = Math.Sqrt(reciprocitySquared / 2); // each pair appears on two slots
            var tradeDual = rho * Math.Sqrt(tradeChangeSquared);
            double injectionChangeSquared = 0;
            for (var i = 0; i < prosumerCount; i++)
            {
                var change = result.InjectionKw[i] - injection[i];
                injectionChangeSquared += change * change;
            }
            Array.Copy(result.Trades, trades, slotCount);
            Array.Copy(result.InjectionKw, injection, prosumerCount);
            coordinatorSeconds += clock.Elapsed.TotalSeconds;

            // 4. Network operator.
            double networkSeconds = 0, violation = 0, multiplierChange = 0;
            var networkConverged = true;
            if (useNetwork)
            {
                clock.Restart();
                Array.Clear(networkRequest.BusInjectionKw);
                for (var i = 0; i < prosumerCount; i++) networkRequest.BusInjectionKw[layout.ProsumerBus[i]] += injection[i];
                networkRequest.Iteration = iteration - 1;
                networkRequest.DualStep = dualStep;
                await network!.StepAsync(networkRequest, networkResult, cancellationToken);
                networkSeconds = clock.Elapsed.TotalSeconds;
                violation = networkResult.ViolationNorm;
                multiplierChange = networkResult.MultiplierChangeNorm;
                var injectionDual = tau * Math.Sqrt(injectionChangeSquared);
                networkConverged =
                    violation <= sqrtRows * Options.AbsoluteTolerance + Options.RelativeTolerance * networkResult.RowActivityNorm
                    && multiplierChange <= sqrtRows * Options.AbsoluteTolerance + Options.RelativeTolerance * networkResult.MultiplierNorm
                    && injectionDual <= sqrtSlots * Options.AbsoluteTolerance + Options.RelativeTolerance * Math.Sqrt(priceSquared + networkResult.MultiplierNorm * networkResult.MultiplierNorm);
            }

            // 5. Stopping (Boyd sec. 3.3).
            clock.Restart();
            var tradesConverged =
                reciprocity <= sqrtSlots * Options.AbsoluteTolerance + Options.RelativeTolerance * Math.Sqrt(tradeSquared)
                && tradeDual <= sqrtSlots * Options.AbsoluteTolerance + Options.RelativeTolerance * Math.Sqrt(priceSquared);
            var record = new AdmmIteration(iteration, reciprocity, violation, tradeDual, multiplierChange, rho, dualStep,
                localSeconds, networkSeconds, 0);
            if (tradesConverged && networkConverged)
            {
                history.Add(record with { CoordinatorSeconds = coordinatorSeconds + clock.Elapsed.TotalSeconds });
                progress?.Report(history[^1]);
                exit = AdmmExit.Converged;
                break;
            }

            // 6. Penalties by residual balancing (Boyd sec. 3.4.1); the network step balances violation
            // against the change of the multipliers.
            if (Options.AdaptiveRho)
            {
                if (reciprocity > Options.BalanceRatio * tradeDual) rho *= Options.ChangeFactor;
                else if (tradeDual > Options.BalanceRatio * reciprocity) rho /= Options.ChangeFactor;
            }
            if (useNetwork && Options.AdaptiveNetworkStep)
            {
                if (violation > Options.BalanceRatio * multiplierChange) networkScale = Math.Min(1.0, networkScale * Options.ChangeFactor);
                else if (multiplierChange > Options.BalanceRatio * violation) networkScale /= Options.ChangeFactor;
            }
            history.Add(record with { CoordinatorSeconds = coordinatorSeconds + clock.Elapsed.TotalSeconds });
            progress?.Report(history[^1]);
        }

        // Final pass: the last request again, asking for every decision. The solves are deterministic, so it
        // reproduces the last iteration's trades and injections exactly.
        request.IncludeDecisions = true;
        await prosumers.StepAsync(request, result, cancellationToken);

        var envelope = new (double Min, double Max)[prosumerCount];
        var networkPrice = new double[prosumerCount];
        for (var i = 0; i < prosumerCount; i++)
        {
            var bus = layout.ProsumerBus[i];
            networkPrice[i] = request.NetworkPrice[i];
            envelope[i] = useNetwork
                ? (injection[i] + networkResult.HeadroomDownKw[bus], injection[i] + networkResult.HeadroomUpKw[bus])
                : (double.NegativeInfinity, double.PositiveInfinity);
        }
        return new AdmmOutcome(exit, iteration, trades, tradePrice, result.Decisions.ToArray(), networkPrice,
            networkResult.BusPrice.ToArray(), networkResult.Multiplier.ToArray(), envelope, history, wall.Elapsed.TotalSeconds);
    }
}
