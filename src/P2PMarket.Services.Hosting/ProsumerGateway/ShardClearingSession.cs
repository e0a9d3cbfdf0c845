using P2PMarket.Clearing.Ports;
using P2PMarket.Prosumers;
using P2PMarket.Protos.V1;
using P2PMarket.Scenarios;
using P2PMarket.Services.Hosting.Protocol;
using P2PMarket.Services.Hosting.Sharding;

namespace P2PMarket.Services.Hosting.ProsumerGateway;

/// <summary>
/// A gateway's side of one clearing stream: the shard's solver port and reusable global-indexed buffers. The
/// gateway keeps no state between iterations (each message carries every signal, MODEL.md sec. 7 step 1), so a
/// resent iteration is recomputed deterministically and a reopened stream can resume at any iteration. Order is
/// still checked: after iteration k the next message must be k (a resend) or k + 1.
/// </summary>
public sealed class ShardClearingSession
{
    private readonly IProsumerPort port;
    private readonly ProsumerStepRequest request;
    private readonly ProsumerStepResult result;
    private long? lastIteration;

    /// <summary>Opens the session at iteration <paramref name="openIteration"/>.</summary>
    public ShardClearingSession(string clearingId, Scenario scenario, ShardRange shard, IProsumerPort port, long openIteration)
    {
        ClearingId = clearingId;
        Shard = shard;
        this.port = port;
        var graph = scenario.Trades;
        OpenIteration = openIteration;
        request = new ProsumerStepRequest(graph.ProsumerCount, graph.SlotCount) { ClearingId = clearingId };
        result = new ProsumerStepResult(graph.ProsumerCount, graph.SlotCount);
        Scenario = scenario;
    }

    /// <summary>The clearing.</summary>
    public string ClearingId { get; }

    /// <summary>The shard hosted.</summary>
    public ShardRange Shard { get; }

    /// <summary>Iteration named by the open message (the first step must be this one).</summary>
    public long OpenIteration { get; }

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>Validates one step message; throws <c>INVALID_ARGUMENT</c> or <c>FAILED_PRECONDITION</c> naming the field.</summary>
    public void Validate(long iteration, ShardStepInput step)
    {
        var expected = lastIteration is { } last ? $"{last} (a resend) or {last + 1} (the next)" : $"{OpenIteration} (the iteration named on open)";
        if (lastIteration is { } previous ? iteration != previous && iteration != previous + 1 : iteration != OpenIteration)
            throw ServiceErrors.FailedPrecondition("context.iteration", $"iterations in order: expected {expected}, got {iteration}");
        ServiceErrors.RequireNonNegative(step.Rho, "step.rho");
        ServiceErrors.RequireNonNegative(step.InjectionProximal, "step.injection_proximal");
        var n = Shard.ProsumerCount;
        var slots = Shard.SlotCount;
        ServiceErrors.RequireValues(step.NetworkPrice, "step.network_price", n, "prosumer of the shard");
        ServiceErrors.RequireValues(step.InjectionAnchorKw, "step.injection_anchor_kw", n, "prosumer of the shard");
        ServiceErrors.RequireValues(step.InjectionMinKw, "step.injection_min_kw", n, "prosumer of the shard", allowInfinity: true);
        ServiceErrors.RequireValues(step.InjectionMaxKw, "step.injection_max_kw", n, "prosumer of the shard", allowInfinity: true);
        ServiceErrors.RequireValues(step.TradePrice, "step.trade_price", slots, "trade slot of the shard");
        ServiceErrors.RequireValues(step.TradeAnchorKw, "step.trade_anchor_kw", slots, "trade slot of the shard");
        if (step.TradeLimitKw.Count > 0) // optional: absent = every pair's own limit
        {
            ServiceErrors.RequireValues(step.TradeLimitKw, "step.trade_limit_kw", slots, "trade slot of the shard", allowInfinity: true);
            for (var s = 0; s < slots; s++)
                if (step.TradeLimitKw[s] < 0) throw ServiceErrors.InvalidArgument($"step.trade_limit_kw[{s}]", $"a limit >= 0 in kW, got {step.TradeLimitKw[s]}");
        }
    }

    /// <summary>Solves the shard's local problems for a validated step and returns its answer.</summary>
    public async ValueTask<ShardStepOutput> StepAsync(long iteration, ShardStepInput step, CancellationToken cancellationToken)
    {
        var first = Shard.FirstProsumer;
        var firstSlot = Shard.FirstSlot;
        request.Iteration = iteration;
        request.Rho = step.Rho;
        request.InjectionProximal = step.InjectionProximal;
        request.IncludeDecisions = step.IncludeDecisions;
        ProtoArrays.CopyTo(step.NetworkPrice, request.NetworkPrice, first);
        ProtoArrays.CopyTo(step.InjectionAnchorKw, request.InjectionAnchorKw, first);
        ProtoArrays.CopyTo(step.InjectionMinKw, request.InjectionMinKw, first);
        ProtoArrays.CopyTo(step.InjectionMaxKw, request.InjectionMaxKw, first);
        ProtoArrays.CopyTo(step.TradePrice, request.TradePrice, firstSlot);
        ProtoArrays.CopyTo(step.TradeAnchorKw, request.TradeAnchor, firstSlot);
        if (step.TradeLimitKw.Count > 0) ProtoArrays.CopyTo(step.TradeLimitKw, request.TradeLimitKw, firstSlot);
        else Array.Fill(request.TradeLimitKw, double.PositiveInfinity, firstSlot, Shard.SlotCount);

        await port.StepAsync(request, result, cancellationToken);
        lastIteration = iteration;

        var output = new ShardStepOutput();
        ProtoArrays.Fill(output.TradeKw, result.Trades, firstSlot, Shard.SlotCount);
        ProtoArrays.Fill(output.InjectionKw, result.InjectionKw, first, Shard.ProsumerCount);
        if (step.IncludeDecisions) output.Decisions = ToMessage(result.Decisions.AsSpan(first, Shard.ProsumerCount));
        return output;
    }

    /// <summary>The shard's final decisions and trades of the last step (valid after a final pass).</summary>
    public (LocalDecision[] Decisions, double[] TradeKw) FinalState() =>
        (result.Decisions.AsSpan(Shard.FirstProsumer, Shard.ProsumerCount).ToArray(), result.Trades.AsSpan(Shard.FirstSlot, Shard.SlotCount).ToArray());

    private static ShardDecisions ToMessage(ReadOnlySpan<LocalDecision> decisions)
    {
        var message = new ShardDecisions();
        foreach (var d in decisions)
        {
            message.GenerationKw.Add(d.GenerationKw);
            message.PvUsedKw.Add(d.PvUsedKw);
            message.FlexibleDemandKw.Add(d.FlexibleDemandKw);
            message.ImportKw.Add(d.ImportKw);
            message.ExportKw.Add(d.ExportKw);
            message.InjectionKw.Add(d.InjectionKw);
            message.BalancePrice.Add(d.BalancePrice);
            message.CostUsd.Add(d.Cost);
            message.InjectionBoundPrice.Add(d.InjectionBoundPrice);
        }
        return message;
    }
}
