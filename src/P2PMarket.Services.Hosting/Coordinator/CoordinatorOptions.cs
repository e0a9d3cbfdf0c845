using Microsoft.Extensions.Options;
using P2PMarket.Services.Hosting.Adapters;

namespace P2PMarket.Services.Hosting.Coordinator;

/// <summary>Settings of the coordinator (configuration section <c>Coordinator</c>): where the other services are and how
/// hard to try to reach them.</summary>
public sealed class CoordinatorOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Coordinator";

    /// <summary>Address of the network operator, e.g. <c>http://network-operator:50051</c> (h2c).</summary>
    public string NetworkOperatorAddress { get; set; } = "";

    /// <summary>Addresses of the gateways in shard order: gateway g hosts shard g of <c>GatewayAddresses.Count</c>.</summary>
    public List<string> GatewayAddresses { get; set; } = [];

    /// <summary>Longest wait for one service's answer to one iteration.</summary>
    public TimeSpan IterationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Reconnects tried after a stream breaks before the clearing fails with <c>UNAVAILABLE</c>.</summary>
    public int ReconnectAttempts { get; set; } = 3;

    /// <summary>Wait before the first reconnect, doubled before each further one.</summary>
    public TimeSpan ReconnectBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Idle time after which the channels send an HTTP/2 keep-alive ping.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time a keep-alive ping may go unanswered before the connection counts as dead.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait to establish a connection.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Finished clearings whose results are kept for <c>GetResult</c>.</summary>
    public int ResultsKept { get; set; } = 100;

    /// <summary>The stream settings of the adapters.</summary>
    public ClearingStreamOptions StreamOptions => new(IterationTimeout, ReconnectAttempts, ReconnectBackoff);
}

/// <summary>Checks <see cref="CoordinatorOptions"/> at start-up; each failure names its configuration key.</summary>
internal sealed class CoordinatorOptionsValidator : IValidateOptions<CoordinatorOptions>
{
    public ValidateOptionsResult Validate(string? name, CoordinatorOptions options)
    {
        var failures = new List<string>();
        var section = CoordinatorOptions.Section;
        if (!IsHttpUri(options.NetworkOperatorAddress))
            failures.Add($"{section}:NetworkOperatorAddress: expected an absolute http(s) address, got '{options.NetworkOperatorAddress}'");
        if (options.GatewayAddresses.Count == 0)
            failures.Add($"{section}:GatewayAddresses: expected at least one gateway address, got none");
        for (var g = 0; g < options.GatewayAddresses.Count; g++)
            if (!IsHttpUri(options.GatewayAddresses[g]))
                failures.Add($"{section}:GatewayAddresses:{g}: expected an absolute http(s) address, got '{options.GatewayAddresses[g]}'");
        if (options.IterationTimeout <= TimeSpan.Zero) failures.Add($"{section}:IterationTimeout: expected a positive duration, got {options.IterationTimeout}");
        if (options.ReconnectAttempts < 0) failures.Add($"{section}:ReconnectAttempts: expected 0 or more, got {options.ReconnectAttempts}");
        if (options.ReconnectBackoff < TimeSpan.Zero) failures.Add($"{section}:ReconnectBackoff: expected a non-negative duration, got {options.ReconnectBackoff}");
        if (options.KeepAlivePingDelay <= TimeSpan.Zero) failures.Add($"{section}:KeepAlivePingDelay: expected a positive duration, got {options.KeepAlivePingDelay}");
        if (options.KeepAlivePingTimeout <= TimeSpan.Zero) failures.Add($"{section}:KeepAlivePingTimeout: expected a positive duration, got {options.KeepAlivePingTimeout}");
        if (options.ConnectTimeout <= TimeSpan.Zero) failures.Add($"{section}:ConnectTimeout: expected a positive duration, got {options.ConnectTimeout}");
        if (options.ResultsKept < 1) failures.Add($"{section}:ResultsKept: expected at least 1, got {options.ResultsKept}");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUri(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
