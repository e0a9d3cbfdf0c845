using Google.Protobuf.Reflection;
using P2PMarket.Protos.V1;

namespace P2PMarket.ServiceTests.Contract;

/// <summary>The protocol as data: walks every message of <c>p2pmarket.v1</c> and checks the rules of DESIGN.md that
/// buf does not (no prosumer cost parameter crosses the wire; every stream message carries its iteration context).</summary>
public sealed class ProtoContractTests
{
    private static readonly FileDescriptor[] Files =
        [CommonReflection.Descriptor, NetworkOperatorReflection.Descriptor, ProsumerGatewayReflection.Descriptor, CoordinatorReflection.Descriptor];

    /// <summary>Words of the private model (MODEL.md sec. 2): any field containing one would leak a parameter.</summary>
    private static readonly string[] PrivateTokens =
        ["alpha", "beta", "gamma", "utility", "quadratic", "coefficient", "friction", "parameter", "parameters"];

    /// <summary>Names of private bounds and loads (MODEL.md sec. 2).</summary>
    private static readonly string[] PrivatePhrases =
        ["generation_max", "gmax", "demand_min", "demand_max", "dmin", "dmax", "fixed_load", "pv_available", "retail_limit", "emax",
         "cost_linear", "cost_quadratic", "generation_cost", "linear_cost", "marginal_cost"];

    /// <summary>Every field of every message in the package (nested ones included) as "Message.field".</summary>
    public static IEnumerable<(string Message, FieldDescriptor Field)> AllFields()
    {
        static IEnumerable<MessageDescriptor> Walk(IEnumerable<MessageDescriptor> messages) =>
            messages.SelectMany(m => Walk(m.NestedTypes).Prepend(m));
        return Files.SelectMany(f => Walk(f.MessageTypes)).SelectMany(m => m.Fields.InDeclarationOrder().Select(f => (m.FullName, f)));
    }

    /// <summary>Why <paramref name="fieldName"/> would carry a private parameter, or null. A field about cost must be a
    /// realized money total in dollars (suffix <c>_usd</c>), never a coefficient ($/kWh or $/kW^2).</summary>
    public static string? Leak(string fieldName)
    {
        var tokens = fieldName.Split('_');
        if (tokens.FirstOrDefault(PrivateTokens.Contains) is { } token) return $"contains '{token}'";
        if (PrivatePhrases.FirstOrDefault(p => fieldName.Contains(p, StringComparison.Ordinal)) is { } phrase) return $"contains '{phrase}'";
        if (tokens.Contains("cost") && !fieldName.EndsWith("_usd", StringComparison.Ordinal)) return "is a cost but not a money total in $ (_usd)";
        return null;
    }

    [Fact]
    public void No_message_carries_a_prosumer_cost_parameter()
    {
        var leaks = AllFields().Select(f => (f.Message, f.Field.Name, Why: Leak(f.Field.Name))).Where(l => l.Why is not null).ToList();
        Assert.True(leaks.Count == 0, "private parameters on the wire: " + string.Join("; ", leaks.Select(l => $"{l.Message}.{l.Name} {l.Why}")));
        Assert.True(AllFields().Count() > 100, "the walk should see every field of the package");
    }

    [Theory]
    [InlineData("generation_cost_quadratic")]
    [InlineData("cost")]
    [InlineData("utility_linear")]
    [InlineData("alpha")]
    [InlineData("beta")]
    [InlineData("generation_max_kw")]
    [InlineData("demand_max_kw")]
    [InlineData("pv_available_kw")]
    [InlineData("fixed_load_kw")]
    [InlineData("retail_limit_kw")]
    public void The_walk_would_catch_a_parameter_field(string name) => Assert.NotNull(Leak(name));

    [Theory]
    [InlineData("cost_usd")]
    [InlineData("payoff_usd")]
    [InlineData("generation_kw")]
    [InlineData("flexible_demand_kw")]
    [InlineData("network_price")]
    public void Quantities_and_money_totals_are_allowed(string name) => Assert.Null(Leak(name));

    [Fact]
    public void Every_clearing_stream_message_carries_the_iteration_context()
    {
        var streaming = Files.SelectMany(f => f.Services).SelectMany(s => s.Methods).Where(m => m.IsClientStreaming && m.IsServerStreaming).ToList();
        Assert.Equal(2, streaming.Count); // the operator's and the gateways' Clear
        foreach (var message in streaming.SelectMany(m => new[] { m.InputType, m.OutputType }))
        {
            var context = message.FindFieldByName("context");
            Assert.NotNull(context);
            Assert.Equal(IterationContext.Descriptor, context.MessageType);
        }
        Assert.Equal(["clearing_id", "iteration", "traceparent", "tracestate"], IterationContext.Descriptor.Fields.InDeclarationOrder().Select(f => f.Name));
    }

    [Fact]
    public void Gateway_steps_batch_a_shard_in_flat_arrays()
    {
        var step = ShardStepInput.Descriptor;
        Assert.All(new[] { "network_price", "injection_anchor_kw", "trade_price", "trade_anchor_kw" },
            name => Assert.True(step.FindFieldByName(name) is { IsRepeated: true, FieldType: FieldType.Double }, name));
        Assert.DoesNotContain(Files.SelectMany(f => f.MessageTypes), m => m.Name.Contains("ProsumerStep", StringComparison.Ordinal));
    }
}
