using Microsoft.Extensions.Options;
using P2PMarket.Services.Hosting.Coordinator;
using P2PMarket.Services.Hosting.ProsumerGateway;
using P2PMarket.Services.Hosting.Sharding;

namespace P2PMarket.ServiceTests.Units;

/// <summary>Shard ranges cover the market contiguously; options fail at start-up naming their key.</summary>
public sealed class ShardingAndOptionsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(12)]
    public void Shards_cover_every_prosumer_and_slot_once_in_order(int count)
    {
        var graph = TestScenarios.Radial(10, 12, 7).Trades;
        var shards = ShardRange.All(graph, count);
        Assert.Equal(0, shards[0].FirstProsumer);
        Assert.Equal(0, shards[0].FirstSlot);
        for (var g = 1; g < count; g++)
        {
            Assert.Equal(shards[g - 1].FirstProsumer + shards[g - 1].ProsumerCount, shards[g].FirstProsumer);
            Assert.Equal(shards[g - 1].FirstSlot + shards[g - 1].SlotCount, shards[g].FirstSlot);
        }
        Assert.Equal(12, shards.Sum(s => s.ProsumerCount));
        Assert.Equal(graph.SlotCount, shards.Sum(s => s.SlotCount));
        Assert.InRange(shards.Max(s => s.ProsumerCount) - shards.Min(s => s.ProsumerCount), 0, 1);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(13, 0)]
    [InlineData(3, 3)]
    [InlineData(3, -1)]
    public void Out_of_range_shards_are_rejected_naming_the_field(int count, int index)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ShardRange.Of(TestScenarios.Radial(10, 12, 7).Trades, index, count));
        Assert.StartsWith(count is < 1 or > 12 ? "shard_count:" : "shard_index:", error.Message);
    }

    [Theory]
    [InlineData("gateway-2", 2)]
    [InlineData("p2pmarket-gateway-10", 10)]
    [InlineData("gateway", null)]
    [InlineData("gateway-7d9f8-x2v9k", null)]
    [InlineData(null, null)]
    public void The_shard_index_defaults_to_the_stateful_set_ordinal(string? host, int? ordinal) =>
        Assert.Equal(ordinal, ProsumerGatewayOptions.OrdinalOf(host));

    [Fact]
    public void Gateway_options_name_the_bad_key()
    {
        var validator = new ProsumerGatewayOptionsValidator();
        Assert.Contains("ProsumerGateway:ShardIndex", validator.Validate(null, new ProsumerGatewayOptions { ShardIndex = 3, ShardCount = 3 }).FailureMessage);
        Assert.Contains("ProsumerGateway:ShardIndex", validator.Validate(null, new ProsumerGatewayOptions { ShardIndex = null, ShardCount = 2 }).FailureMessage);
        Assert.Contains("ProsumerGateway:ShardCount", validator.Validate(null, new ProsumerGatewayOptions { ShardIndex = 0, ShardCount = 0 }).FailureMessage);
        Assert.True(validator.Validate(null, new ProsumerGatewayOptions { ShardIndex = 1, ShardCount = 2 }).Succeeded);
    }

    [Fact]
    public void Coordinator_options_name_every_bad_key()
    {
        var result = new CoordinatorOptionsValidator().Validate(null, new CoordinatorOptions
        {
            NetworkOperatorAddress = "http://operator:50051",
            GatewayAddresses = ["http://gateway-0:50052", "ftp://gateway-1"],
            IterationTimeout = TimeSpan.Zero,
            ReconnectAttempts = -1,
        });
        Assert.True(result.Failed);
        Assert.Contains("Coordinator:GatewayAddresses:1", result.FailureMessage);
        Assert.Contains("Coordinator:IterationTimeout", result.FailureMessage);
        Assert.Contains("Coordinator:ReconnectAttempts", result.FailureMessage);
        Assert.DoesNotContain("Coordinator:NetworkOperatorAddress", result.FailureMessage);
    }
}
