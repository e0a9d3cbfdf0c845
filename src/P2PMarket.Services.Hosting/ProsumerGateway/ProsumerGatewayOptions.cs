using System.Globalization;
using Microsoft.Extensions.Options;

namespace P2PMarket.Services.Hosting.ProsumerGateway;

/// <summary>Settings of a prosumer gateway (configuration section <c>ProsumerGateway</c>): which contiguous block of
/// the prosumers it hosts.</summary>
public sealed class ProsumerGatewayOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "ProsumerGateway";

    /// <summary>Shard this gateway hosts, 0-based; null = 0 if there is one shard, else the ordinal at the end of the host name (a Kubernetes
    /// StatefulSet pod <c>gateway-2</c> hosts shard 2).</summary>
    public int? ShardIndex { get; set; }

    /// <summary>Number of shards (gateways) the prosumers are split into.</summary>
    public int ShardCount { get; set; } = 1;

    /// <summary>The ordinal at the end of a StatefulSet pod name (<c>name-3</c> gives 3), or null.</summary>
    public static int? OrdinalOf(string? hostName)
    {
        var dash = hostName?.LastIndexOf('-') ?? -1;
        return dash >= 0 && int.TryParse(hostName.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) ? ordinal : null;
    }
}

/// <summary>Checks <see cref="ProsumerGatewayOptions"/> at start-up.</summary>
internal sealed class ProsumerGatewayOptionsValidator : IValidateOptions<ProsumerGatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, ProsumerGatewayOptions options)
    {
        if (options.ShardCount < 1)
            return ValidateOptionsResult.Fail($"{ProsumerGatewayOptions.Section}:ShardCount: expected at least 1, got {options.ShardCount}");
        if (options.ShardIndex is not { } index)
            return ValidateOptionsResult.Fail($"{ProsumerGatewayOptions.Section}:ShardIndex: expected a shard index, or a host name ending in -<ordinal>; got neither");
        return index >= 0 && index < options.ShardCount
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{ProsumerGatewayOptions.Section}:ShardIndex: expected 0 to {options.ShardCount - 1}, got {index}");
    }
}
