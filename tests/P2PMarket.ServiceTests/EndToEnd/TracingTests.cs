using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using OpenTelemetry;
using OpenTelemetry.Trace;
using P2PMarket.Protos.V1;
using P2PMarket.Services.Hosting.Telemetry;

namespace P2PMarket.ServiceTests.EndToEnd;

/// <summary>Spans of a clearing, captured with OpenTelemetry's in-memory exporter: a root span per clearing, a span
/// per iteration, and the gateways' and the operator's step spans as its children via the context in each message;
/// and each service's latency histogram.</summary>
[Collection(LoopbackCollection.Name)]
public sealed class TracingTests
{
    [Fact]
    public async Task Each_iteration_span_parents_the_gateway_and_operator_step_spans()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource("P2PMarket.*").AddInMemoryExporter(spans).Build();
        var latencies = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("P2PMarket.", StringComparison.Ordinal)) listener.EnableMeasurementEvents(instrument);
        };
        meters.SetMeasurementEventCallback<double>((instrument, _, _, _) => latencies.AddOrUpdate($"{instrument.Meter.Name}/{instrument.Name}", 1, (_, n) => n + 1));
        meters.Start();
        await using var host = await LoopbackMarket.StartAsync(gateways: 2);

        using var call = host.CreateCoordinatorClient().StartClearing(new StartClearingRequest
        {
            ScenarioId = TestScenarios.Small, Mode = MarketMode.Ve, MaxIterations = 5,
        });
        var messages = new List<StartClearingResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync()) messages.Add(message);
        tracing!.ForceFlush();

        var traceId = messages[0].Started.TraceId;
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        List<Activity> ofClearing;
        lock (spans) ofClearing = spans.Where(s => s.TraceId.ToHexString() == traceId).ToList();

        var root = Assert.Single(ofClearing, s => s.OperationName == "Coordinator.Clearing");
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal(messages[0].ClearingId, root.GetTagItem(TelemetryNames.ClearingId));

        var iterations = ofClearing.Where(s => s.OperationName == "Coordinator.Iteration").OrderBy(s => (long)s.GetTagItem(TelemetryNames.Iteration)!).ToList();
        Assert.Equal(5, iterations.Count);
        Assert.All(iterations, s => Assert.Equal(root.SpanId, s.ParentSpanId));
        Assert.All(iterations, s =>
        {
            Assert.NotNull(s.GetTagItem(TelemetryNames.Rho));
            Assert.NotNull(s.GetTagItem(TelemetryNames.ReciprocityResidual));
            Assert.NotNull(s.GetTagItem(TelemetryNames.NetworkViolation));
            Assert.Equal(5, s.GetTagItem(TelemetryNames.BatchSize));
        });

        foreach (var iteration in iterations)
        {
            var k = (long)iteration.GetTagItem(TelemetryNames.Iteration)!;
            var gatewaySteps = ofClearing.Where(s => s.OperationName == "ProsumerGateway.Step" && s.ParentSpanId == iteration.SpanId).ToList();
            Assert.Equal(2, gatewaySteps.Count); // one batch per gateway per iteration
            Assert.All(gatewaySteps, s => Assert.Equal(k, s.GetTagItem(TelemetryNames.Iteration)));
            Assert.Equal(5, gatewaySteps.Sum(s => (int)s.GetTagItem(TelemetryNames.BatchSize)!));
            var operatorStep = Assert.Single(ofClearing, s => s.OperationName == "NetworkOperator.Step" && s.ParentSpanId == iteration.SpanId);
            Assert.Equal(ActivityKind.Server, operatorStep.Kind);
            Assert.NotNull(operatorStep.GetTagItem(TelemetryNames.NetworkViolation));
        }
        var finalPass = Assert.Single(ofClearing, s => s.OperationName == "Coordinator.FinalPass");
        Assert.Equal(2, ofClearing.Count(s => s.OperationName == "ProsumerGateway.Step" && s.ParentSpanId == finalPass.SpanId));

        // One iteration-latency histogram per service, recorded every iteration (step).
        Assert.True(latencies.GetValueOrDefault($"{TelemetryNames.Coordinator}/p2pmarket.coordinator.iteration.duration") >= 5);
        Assert.True(latencies.GetValueOrDefault($"{TelemetryNames.NetworkOperator}/p2pmarket.network_operator.step.duration") >= 5);
        Assert.True(latencies.GetValueOrDefault($"{TelemetryNames.ProsumerGateway}/p2pmarket.prosumer_gateway.step.duration") >= 12);
    }
}
