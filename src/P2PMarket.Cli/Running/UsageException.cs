namespace P2PMarket.Cli.Running;

/// <summary>A command-line argument that cannot be used: names the option and what was expected.</summary>
public sealed class UsageException(string option, string expectation) : Exception($"{option}: expected {expectation}")
{
    /// <summary>The option, e.g. <c>--scenario</c>.</summary>
    public string Option { get; } = option;
}
