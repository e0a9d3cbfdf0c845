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
    /// <param name="injectionMinKw">Per prosumer: hard lower bound on the injection, kW (the <c>oe</c> market); null = none.</param>
    /// <param name="injectionMaxKw">Per prosumer: hard upper bound on the injection, kW; null = none.</param>
    /// <param name="tradeLimitKw">Per slot: bound on <c>|t_ij|</c> in place of the pair's, kW (0 blocks the trade: the
    /// <c>discard</c> market); null = the pairs' own limits.</param>
    public async Task<AdmmOutcome> RunAsync(MarketLayout layout, IProsumerPort prosumers, INetworkOperatorPort? network,
        string clearingId, IProgress<AdmmIteration>? progress, CancellationToken cancellationToken,
        IReadOnlyList<double>? injectionMinKw = null, IReadOnlyList<double>? injectionMaxKw = null, IReadOnlyList<double>? tradeLimitKw = null)
    {
        var wall = Stopwatch.StartNew();
        var graph = layout.Trades;
        var prosumerCount = graph.ProsumerCount;
        var slotCount = graph.SlotCount;
        var busCount = layout.BusCount;
        var useNetwork = network is not null && Options.UseNetwork;

        var description = useNetwork ? await network!.DescribeAsync(cancellationToken) : new NetworkDescription(busCount, [], 0);
        var rowCount = description.RowLabels.Count;
        // How strongly a bus's injection answers its network price: prosumer i sees eta / r_i, and its proximal
        // term bounds its response by 1 / (tau r_i); the safe dual step divides by the largest such sum.
        var responsePerBus = new double[busCount];
        for (var i = 0; i < prosumerCount; i++) responsePerBus[layout.ProsumerBus[i]] += 1.0 / layout.Weight[i];
        var crowding = Math.Max(1.0, responsePerBus.Max());

        var request = new ProsumerStepRequest(prosumerCount, slotCount) { ClearingId = clearingId };
        CopyBounds(injectionMinKw, request.InjectionMinKw, nameof(injectionMinKw));
        CopyBounds(injectionMaxKw, request.InjectionMaxKw, nameof(injectionMaxKw));
        CopyBounds(tradeLimitKw, request.TradeLimitKw, nameof(tradeLimitKw));
        var result = new ProsumerStepResult(prosumerCount, slotCount);
        var networkRequest = new NetworkStepRequest(busCount) { ClearingId = clearingId };
        var networkResult = new NetworkStepResult(busCount, rowCount);
        var trades = new double[slotCount];
        var tradePrice = new double[slotCount];
        var anchor = new double[slotCount];
        // Fixed-point state for acceleration: per pair (its lower slot) the price and the anchor, then the injections.
        var pairSlots = Enumerable.Range(0, slotCount).Where(slot => slot < graph.Reverse(slot)).ToArray();
        var stateLength = 2 * pairSlots.Length + prosumerCount;
        var state = new double[stateLength];
        var image = new double[stateLength];
        var anderson = Options.AndersonMemory > 0 ? new AndersonAccelerator(stateLength, Options.AndersonMemory) : null;
        var injection = new double[prosumerCount];
        var history = new List<AdmmIteration>();

        var rho = Options.InitialRho;
        var tau = useNetwork ? Options.InjectionProximalFactor * Options.InitialRho : 0.0; // adapted by network residual balancing
        var networkActive = false;
        var overlap = useNetwork && Options.OverlapNetworkStep;
        var networkPending = false;
        var rhoSchedule = new PenaltySchedule(Options.MaxPenaltyChanges);
        var tauSchedule = new PenaltySchedule(Options.MaxPenaltyChanges);
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
            // Primal-dual step pair: the operator steps in the metric of the rows' Gram matrix, which converges
            // for sigma < tau / max_n sum_{i at n} 1/r_i (NetworkPriceUpdater's preconditioned step).
            var dualStep = useNetwork ? Options.DualStepSafety * tau / crowding : 0.0;
            request.Iteration = iteration;
            request.Rho = rho;
            request.InjectionProximal = tau;
            request.IncludeDecisions = false;
            for (var i = 0; i < prosumerCount; i++)
            {
                request.NetworkPrice[i] = useNetwork ? networkResult.BusPrice[layout.ProsumerBus[i]] / layout.Weight[i] : 0.0;
                request.InjectionAnchorKw[i] = injection[i];
            }
            Array.Copy(tradePrice, request.TradePrice, slotCount);
            Array.Copy(anchor, request.TradeAnchor, slotCount);
            var coordinatorSeconds = clock.Elapsed.TotalSeconds;

            // 2. Local solves; with OverlapNetworkStep the operator's step on the previous injections runs meanwhile.
            clock.Restart();
            var overlapped = overlap && networkPending;
            var answeredDualStep = overlapped ? networkRequest.DualStep : dualStep; // sigma of the step answered in this iteration
            if (overlapped)
            {
                var networkTask = network!.StepAsync(networkRequest, networkResult, cancellationToken).AsTask();
                await Task.WhenAll(prosumers.StepAsync(request, result, cancellationToken).AsTask(), networkTask);
                networkPending = false;
            }
            else
            {
                await prosumers.StepAsync(request, result, cancellationToken);
            }
            var localSeconds = clock.Elapsed.TotalSeconds;
            iteration++;

            // 3. Trade prices; residuals of the trades.
            clock.Restart();
            double reciprocitySquared = 0, anchorChangeSquared = 0, tradeSquared = 0, priceSquared = 0;
            for (var s = 0; s < slotCount; s++)
            {
                var mismatch = result.Trades[s] + result.Trades[graph.Reverse(s)];
                var nextAnchor = 0.5 * (result.Trades[s] - result.Trades[graph.Reverse(s)]);
                reciprocitySquared += mismatch * mismatch;
                // Boyd's dual residual is rho times the change of the consensus variable: the anchor.
                anchorChangeSquared += (nextAnchor - anchor[s]) * (nextAnchor - anchor[s]);
                tradeSquared += result.Trades[s] * result.Trades[s];
                var nextPrice = tradePrice[s] - 0.5 * rho * mismatch;
                priceSquared += nextPrice * nextPrice;
            }
            var reciprocity = Math.Sqrt(reciprocitySquared / 2); // each pair appears on two slots
            var tradeDual = rho * Math.Sqrt(anchorChangeSquared);
            double injectionChangeSquared = 0;
            for (var i = 0; i < prosumerCount; i++)
            {
                var change = result.InjectionKw[i] - injection[i];
                injectionChangeSquared += change * change;
            }

            // The iteration as a map z -> T(z) on (price, anchor) per pair and the injections; optionally
            // Anderson-accelerated. The plain map is MODEL.md sec. 7 step 3.
            for (var q = 0; q < pairSlots.Length; q++)
            {
                var slot = pairSlots[q];
                var mismatch = result.Trades[slot] + result.Trades[graph.Reverse(slot)];
                state[2 * q] = tradePrice[slot];
                state[2 * q + 1] = anchor[slot];
                image[2 * q] = tradePrice[slot] - 0.5 * rho * mismatch;
                image[2 * q + 1] = 0.5 * (result.Trades[slot] - result.Trades[graph.Reverse(slot)]);
            }
            Array.Copy(injection, 0, state, 2 * pairSlots.Length, prosumerCount);
            Array.Copy(result.InjectionKw, 0, image, 2 * pairSlots.Length, prosumerCount);
            anderson?.Step(state, image);
            for (var q = 0; q < pairSlots.Length; q++)
            {
                var slot = pairSlots[q];
                tradePrice[slot] = tradePrice[graph.Reverse(slot)] = image[2 * q];
                anchor[slot] = image[2 * q + 1];
                anchor[graph.Reverse(slot)] = -image[2 * q + 1];
            }
            Array.Copy(image, 2 * pairSlots.Length, injection, 0, prosumerCount);
            Array.Copy(result.Trades, trades, slotCount);
            coordinatorSeconds += clock.Elapsed.TotalSeconds;

            // 4. Network operator. Its residuals are those of the primal-dual hybrid gradient: the projected
            // multiplier step over sigma (kW: zero iff A P <= b and complementarity hold) and tau times the
            // change of the injections ($/kWh).
            double networkSeconds = 0, violation = 0, networkPrimal = 0, networkDual = 0;
            double networkPrimalScale = 1, networkDualScale = 1;
            // Without a network answer in this iteration (the first overlapped one) there is nothing to stop on.
            var networkConverged = !useNetwork || !overlap || overlapped;
            if (useNetwork)
            {
                clock.Restart();
                Array.Clear(networkRequest.BusInjectionKw);
                for (var i = 0; i < prosumerCount; i++) networkRequest.BusInjectionKw[layout.ProsumerBus[i]] += result.InjectionKw[i];
                networkRequest.Iteration = iteration - 1;
                networkRequest.DualStep = dualStep;
                if (overlap)
                    networkPending = true; // sent with the next local step; its residuals arrive one iteration late
                else
                    await network!.StepAsync(networkRequest, networkResult, cancellationToken);
                networkSeconds = clock.Elapsed.TotalSeconds;
            }
            if (useNetwork && (!overlap || overlapped))
            {
                violation = networkResult.ViolationNorm;
                networkPrimal = networkResult.MultiplierChangeNorm / answeredDualStep;
                networkDual = tau * Math.Sqrt(injectionChangeSquared);
                networkPrimalScale = Math.Max(networkResult.RowActivityNorm, 1e-12);
                networkDualScale = Math.Max(Math.Max(networkResult.MultiplierNorm, Math.Sqrt(priceSquared)), 1e-12);
                networkConverged =
                    networkPrimal <= sqrtRows * Options.AbsoluteTolerance + Options.RelativeTolerance * networkPrimalScale
                    && networkDual <= Math.Sqrt(prosumerCount) * Options.AbsoluteTolerance + Options.RelativeTolerance * networkDualScale;
            }

            // 5. Stopping (Boyd sec. 3.3).
            clock.Restart();
            var tradesConverged =
                reciprocity <= sqrtSlots * Options.AbsoluteTolerance + Options.RelativeTolerance * Math.Sqrt(tradeSquared)
                && tradeDual <= sqrtSlots * Options.AbsoluteTolerance + Options.RelativeTolerance * Math.Sqrt(priceSquared);
            var record = new AdmmIteration(iteration, reciprocity, violation, tradeDual, networkPrimal, networkDual, rho, tau, dualStep,
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
            var previousRho = rho;
            var previousTau = tau;
            if (Options.AdaptiveRho && rhoSchedule.MayChange(iteration))
            {
                // Balance the residuals relative to their own scales (as OSQP does), so the balance does not
                // depend on the units of kW against $/kWh: rho *= sqrt(relative primal / relative dual).
                rho *= BalanceFactor(reciprocity / Math.Max(Math.Sqrt(tradeSquared), 1e-12),
                    tradeDual / Math.Max(Math.Sqrt(priceSquared), 1e-12));
                if (rho != previousRho) rhoSchedule.Changed(iteration);
            }
            // Until a network row is first active the network residual says nothing about tau: tau follows rho
            // (a lone proximal term would only slow the trades down); from then on it balances its own residuals.
            networkActive |= networkPrimal > 0;
            if (useNetwork && Options.AdaptiveNetworkStep && (!networkActive || tauSchedule.MayChange(iteration)))
            {
                tau = networkActive
                    ? tau * BalanceFactor(networkPrimal / networkPrimalScale, networkDual / networkDualScale)
                    : Options.InjectionProximalFactor * rho;
                if (networkActive && tau != previousTau) tauSchedule.Changed(iteration);
            }
            if (rho != previousRho || tau != previousTau) anderson?.Reset();
            history.Add(record with { CoordinatorSeconds = coordinatorSeconds + clock.Elapsed.TotalSeconds });
            progress?.Report(history[^1]);
        }

        // Final pass: the last request again, asking for every decision. The solves are deterministic, so it
        // reproduces the last iteration's trades and injections exactly.
        request.IncludeDecisions = true;
        await prosumers.StepAsync(request, result, cancellationToken);

        Array.Copy(result.InjectionKw, injection, prosumerCount);
        if (useNetwork)
        {
            // The dynamic OE at the final injections: one more operator call that leaves mu alone (DualStep = 0).
            Array.Clear(networkRequest.BusInjectionKw);
            for (var i = 0; i < prosumerCount; i++) networkRequest.BusInjectionKw[layout.ProsumerBus[i]] += injection[i];
            // With the overlap, the last injections were never sent: this call takes their iteration number.
            networkRequest.Iteration = networkPending ? iteration - 1 : iteration;
            networkRequest.DualStep = 0;
            networkRequest.IncludeHeadroom = true;
            await network!.StepAsync(networkRequest, networkResult, cancellationToken);
        }
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

    private static void CopyBounds(IReadOnlyList<double>? source, double[] target, string name)
    {
        if (source is null) return;
        if (source.Count != target.Length)
            throw new ArgumentException($"{name}: expected {target.Length} values, got {source.Count}", name);
        for (var i = 0; i < target.Length; i++) target[i] = source[i];
    }

    /// <summary>Residual balancing on relative residuals: the factor to apply to a penalty, 1 inside the
    /// balance band, else <c>sqrt(primal / dual)</c> clamped to the change factor.</summary>
    private double BalanceFactor(double relativePrimal, double relativeDual)
    {
        var factor = Math.Sqrt(Math.Max(relativePrimal, 1e-300) / Math.Max(relativeDual, 1e-300));
        return factor > Options.BalanceRatio || factor < 1 / Options.BalanceRatio
            ? Math.Clamp(factor, 1 / Options.ChangeFactor, Options.ChangeFactor)
            : 1.0;
    }
}
