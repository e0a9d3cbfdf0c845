using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using P2PMarket.Clearing.Ports;
using P2PMarket.Protos.V1;
using P2PMarket.Services.Hosting.Protocol;

namespace P2PMarket.Services.Hosting.Adapters;

/// <summary>
/// "The network operator" over gRPC: one long-lived <c>Clear</c> stream for the whole clearing, one message per
/// iteration. Doubles cross the wire as their bit patterns, so the ADMM loop gets bit-identical answers to
/// <see cref="InProcessNetworkOperatorPort"/>. The port records every step's input; when the stream breaks it
/// reopens the clearing, learns the last iteration the operator applied (the operator keeps a clearing's state
/// across streams; a restarted one has none) and resends the missing steps in order before the current one, so the
/// operator's multipliers resume exactly. A resend of an applied iteration gets the operator's cached answer.
/// </summary>
public sealed class GrpcNetworkOperatorPort : INetworkOperatorPort
{
    private readonly string scenarioId;
    private readonly string clearingId;
    private readonly IIterationTracing tracing;
    private readonly ClearingStream<NetworkOperatorServiceClearRequest, NetworkOperatorServiceClearResponse> stream;
    private readonly List<double> injectionHistory = []; // steps x buses, kW
    private readonly List<double> dualStepHistory = [];
    private readonly NetworkOperatorServiceClearRequest message;
    private NetworkDescription? description;

    /// <summary>Creates the port; the stream opens on first use.</summary>
    /// <param name="client">Client of the operator.</param>
    /// <param name="name">Name of the operator in messages (e.g. its address).</param>
    /// <param name="scenarioId">Scenario of the clearing.</param>
    /// <param name="clearingId">Identifier of the clearing (every request must carry it).</param>
    /// <param name="options">Timeout and reconnect settings.</param>
    /// <param name="tracing">Trace context per iteration (null = none).</param>
    /// <param name="logger">Logs reconnects.</param>
    public GrpcNetworkOperatorPort(NetworkOperatorService.NetworkOperatorServiceClient client, string name, string scenarioId, string clearingId,
        ClearingStreamOptions options, IIterationTracing? tracing = null, ILogger? logger = null)
    {
        this.scenarioId = scenarioId;
        this.clearingId = clearingId;
        this.tracing = tracing ?? NoIterationTracing.Instance;
        message = new NetworkOperatorServiceClearRequest { Context = new IterationContext { ClearingId = clearingId }, Step = new NetworkStepInput() };
        stream = new(name, () => client.Clear(), ReopenAsync, options, logger ?? NullLogger.Instance);
    }

    /// <summary>Reconnects done so far (opens beyond the first).</summary>
    public int Reopens { get; private set; }

    /// <inheritdoc />
    public async ValueTask<NetworkDescription> DescribeAsync(CancellationToken cancellationToken)
    {
        if (description is null) await stream.EnsureOpenAsync(dualStepHistory.Count, cancellationToken);
        return description!;
    }

    /// <inheritdoc />
    public async ValueTask StepAsync(NetworkStepRequest request, NetworkStepResult result, CancellationToken cancellationToken)
    {
        if (request.ClearingId != clearingId)
            throw new ArgumentException($"request.ClearingId: expected '{clearingId}' (this port's clearing), got '{request.ClearingId}'", nameof(request));
        Record(request);
        message.Context.Iteration = request.Iteration;
        // The envelope step after the loop (zero dual step, headroom requested) belongs to the final pass.
        TracePropagation.Inject(tracing.ForStep(request.Iteration, finalPass: request.IncludeHeadroom && request.DualStep == 0), message.Context);
        message.Step.DualStep = request.DualStep;
        message.Step.IncludeHeadroom = request.IncludeHeadroom;
        ProtoArrays.Fill(message.Step.BusInjectionKw, request.BusInjectionKw);
        var response = await stream.SendAsync(message, request.Iteration, cancellationToken);
        var output = Check(response, request.Iteration);
        ProtoArrays.CopyTo(output.BusPrice, result.BusPrice, 0);
        ProtoArrays.CopyTo(output.Multiplier, result.Multiplier, 0);
        ProtoArrays.CopyTo(output.HeadroomUpKw, result.HeadroomUpKw, 0);
        ProtoArrays.CopyTo(output.HeadroomDownKw, result.HeadroomDownKw, 0);
        result.ViolationNorm = output.ViolationNorm;
        result.MaxViolation = output.MaxViolation;
        result.RowActivityNorm = output.RowActivityNorm;
        result.MultiplierChangeNorm = output.MultiplierChangeNorm;
        result.MultiplierNorm = output.MultiplierNorm;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => stream.DisposeAsync();

    private void Record(NetworkStepRequest request)
    {
        var buses = request.BusInjectionKw.Length;
        if (request.Iteration == dualStepHistory.Count - 1)
        {
            dualStepHistory.RemoveAt(dualStepHistory.Count - 1);
            injectionHistory.RemoveRange(injectionHistory.Count - buses, buses);
        }
        else if (request.Iteration != dualStepHistory.Count)
        {
            throw new ArgumentException($"request.Iteration: expected {dualStepHistory.Count} (the next) or {dualStepHistory.Count - 1} (a resend), got {request.Iteration}", nameof(request));
        }
        dualStepHistory.Add(request.DualStep);
        injectionHistory.AddRange(request.BusInjectionKw);
    }

    private async Task ReopenAsync(long iteration, CancellationToken cancellationToken)
    {
        var open = new NetworkOperatorServiceClearRequest
        {
            Context = new IterationContext { ClearingId = clearingId, Iteration = iteration },
            Open = new OpenNetworkClearing { ScenarioId = scenarioId },
        };
        var response = await stream.ExchangeAsync(open, cancellationToken);
        if (response.PayloadCase != NetworkOperatorServiceClearResponse.PayloadOneofCase.Opened)
            throw Protocol($"expected an answer to open, got {response.PayloadCase}");
        var opened = response.Opened;
        var layout = new NetworkDescription(opened.Layout.BusCount, opened.Layout.RowLabels.ToArray(), opened.Layout.NormalizedNormSquared);
        if (description is null) description = layout;
        else
        {
            Reopens++;
            if (layout.BusCount != description.BusCount || !layout.RowLabels.SequenceEqual(description.RowLabels))
                throw Protocol("the reopened clearing has a different network than the first open");
        }

        // Resume: resend, in order, the steps the operator has not applied (all of them after a restart).
        var pending = iteration; // the current iteration is sent by the caller
        if (opened.AppliedIteration >= pending + 1 || opened.AppliedIteration < -1)
            throw Protocol($"the operator reports iteration {opened.AppliedIteration} applied, but iteration {pending} is the next to send");
        var buses = description.BusCount;
        var replay = new NetworkOperatorServiceClearRequest { Context = new IterationContext { ClearingId = clearingId }, Step = new NetworkStepInput() };
        for (var k = opened.AppliedIteration + 1; k < pending; k++)
        {
            replay.Context.Iteration = k;
            replay.Step.DualStep = dualStepHistory[(int)k];
            replay.Step.BusInjectionKw.Clear();
            replay.Step.BusInjectionKw.Add(injectionHistory.GetRange((int)k * buses, buses));
            Check(await stream.ExchangeAsync(replay, cancellationToken), k);
        }
    }

    private NetworkStepOutput Check(NetworkOperatorServiceClearResponse response, long iteration)
    {
        if (response.PayloadCase != NetworkOperatorServiceClearResponse.PayloadOneofCase.Step)
            throw Protocol($"expected a step answer for iteration {iteration}, got {response.PayloadCase}");
        if (response.Context?.Iteration != iteration || response.Context.ClearingId != clearingId)
            throw Protocol($"expected the answer to iteration {iteration} of clearing {clearingId}, got iteration {response.Context?.Iteration} of '{response.Context?.ClearingId}'");
        var step = response.Step;
        var buses = description!.BusCount;
        if (step.BusPrice.Count != buses || step.HeadroomUpKw.Count != buses || step.HeadroomDownKw.Count != buses
            || step.Multiplier.Count != description.RowLabels.Count)
            throw Protocol($"expected {buses} bus values and {description.RowLabels.Count} multipliers, got {step.BusPrice.Count} and {step.Multiplier.Count}");
        return step;
    }

    private RpcException Protocol(string message) => new(new Status(StatusCode.FailedPrecondition, $"{stream.Name}: protocol violation: {message}"));
}
