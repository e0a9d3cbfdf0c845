using Microsoft.Extensions.Options;

namespace P2PMarket.Services.Hosting.NetworkOperator;

/// <summary>Settings of the network operator (configuration section <c>NetworkOperator</c>).</summary>
public sealed class NetworkOperatorOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "NetworkOperator";

    /// <summary>How long the state of a clearing whose stream broke is kept for the coordinator to resume it.</summary>
    public TimeSpan SessionRetention { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Checks <see cref="NetworkOperatorOptions"/> at start-up.</summary>
internal sealed class NetworkOperatorOptionsValidator : IValidateOptions<NetworkOperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOperatorOptions options) =>
        options.SessionRetention > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{NetworkOperatorOptions.Section}:SessionRetention: expected a positive duration, got {options.SessionRetention}");
}
