using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using P2PMarket.Protos.V1;
using P2PMarket.Services.Hosting.Protocol;
using P2PMarket.Services.Hosting.Scenarios;

namespace P2PMarket.Services.Hosting.NetworkOperator;

/// <summary>
/// The network operator over gRPC: a thin adapter that validates messages, maps them to
/// <see cref="NetworkClearingSession"/> (which hosts <c>NetworkPriceUpdater</c>) and maps errors to status codes.
/// Reads only the feeder and limits of a scenario.
/// </summary>
public sealed class NetworkOperatorGrpcService(
    ScenarioCatalog catalog,
    NetworkSessionRegistry sessions,
    NetworkOperatorTelemetry telemetry,
    TimeProvider time,
    IHostApplicationLifetime lifetime) : NetworkOperatorService.NetworkOperatorServiceBase
{
    private const string Name = "network operator";

    /// <inheritdoc />
    public override Task<GetFeederResponse> GetFeeder(GetFeederRequest request, ServerCallContext context)
    {
        var scenario = catalog.ResolveForCall(request.ScenarioId);
        var constraints = sessions.ConstraintsOf(request.ScenarioId, scenario.BuildNetworkConstraints);
        return Task.FromResult(NetworkMessages.ToFeederSummary(scenario, constraints));
    }

    /// <inheritdoc />
    public override Task<SolvePowerFlowResponse> SolvePowerFlow(SolvePowerFlowRequest request, ServerCallContext context)
    {
        var scenario = catalog.ResolveForCall(request.ScenarioId);
        ServiceErrors.RequireValues(request.BusInjectionKw, "bus_injection_kw", scenario.Feeder.BusCount, "bus");
        var constraints = sessions.ConstraintsOf(request.ScenarioId, scenario.BuildNetworkConstraints);
        return Task.FromResult(NetworkMessages.SolvePowerFlow(scenario, constraints.Model, request.BusInjectionKw.ToArray()));
    }

    /// <inheritdoc />
    public override async Task Clear(IAsyncStreamReader<NetworkOperatorServiceClearRequest> requestStream,
        IServerStreamWriter<NetworkOperatorServiceClearResponse> responseStream, ServerCallContext context)
    {
        NetworkClearingSession? session = null;
        while (await StreamReading.NextAsync(requestStream, context.CancellationToken, lifetime.ApplicationStopping, Name))
        {
            var message = requestStream.Current;
            message.Context ??= new IterationContext();
            var clearingId = message.Context.ClearingId;
            if (string.IsNullOrEmpty(clearingId)) throw ServiceErrors.InvalidArgument("context.clearing_id", "a clearing id, got none");
            if (session is not null && clearingId != session.ClearingId)
                throw ServiceErrors.InvalidArgument("context.clearing_id", $"'{session.ClearingId}' (the clearing this stream opened), got '{clearingId}'");
            var response = message.PayloadCase switch
            {
                NetworkOperatorServiceClearRequest.PayloadOneofCase.Open => Open(message, ref session),
                NetworkOperatorServiceClearRequest.PayloadOneofCase.Step => Step(message, session),
                _ => throw ServiceErrors.InvalidArgument("payload", "open or step, got neither"),
            };
            await responseStream.WriteAsync(response, context.CancellationToken);
        }
        // The coordinator ended the stream normally: the clearing is over.
        if (session is not null) sessions.Close(session);
    }

    private NetworkOperatorServiceClearResponse Open(NetworkOperatorServiceClearRequest message, ref NetworkClearingSession? session)
    {
        if (session is not null) throw ServiceErrors.FailedPrecondition("open", $"this stream already opened clearing {session.ClearingId}");
        var scenarioId = message.Open.ScenarioId;
        var scenario = catalog.ResolveForCall(scenarioId, "open.scenario_id");
        session = sessions.Open(message.Context.ClearingId, scenarioId, scenario.BuildNetworkConstraints);
        lock (session.Gate)
        {
            var opened = new NetworkClearingOpened { Layout = session.Layout, AppliedIteration = session.AppliedIteration };
            return new NetworkOperatorServiceClearResponse { Context = Echo(message.Context, null), Opened = opened };
        }
    }

    private NetworkOperatorServiceClearResponse Step(NetworkOperatorServiceClearRequest message, NetworkClearingSession? session)
    {
        if (session is null) throw ServiceErrors.FailedPrecondition("step", "the first message of a stream must open a clearing");
        var step = message.Step;
        ServiceErrors.RequireNonNegative(step.DualStep, "step.dual_step");
        ServiceErrors.RequireValues(step.BusInjectionKw, "step.bus_injection_kw", session.BusCount, "bus");
        var started = Stopwatch.GetTimestamp();
        using var activity = NetworkOperatorTelemetry.StartStep(message.Context, session.BusCount, step.DualStep);
        NetworkStepOutput output;
        bool repeated;
        lock (session.Gate)
        {
            output = session.Step(message.Context.Iteration, step.DualStep, step.BusInjectionKw, step.IncludeHeadroom, out repeated);
            session.LastUsed = time.GetUtcNow();
        }
        NetworkOperatorTelemetry.Complete(activity, output, repeated);
        telemetry.RecordStep(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return new NetworkOperatorServiceClearResponse { Context = Echo(message.Context, activity), Step = output };
    }

    private static IterationContext Echo(IterationContext context, Activity? activity)
    {
        var echo = new IterationContext { ClearingId = context.ClearingId, Iteration = context.Iteration };
        TracePropagation.Inject(activity, echo);
        return echo;
    }
}
