using Grpc.Core;

namespace P2PMarket.Services.Hosting.Protocol;

/// <summary>
/// The status codes the services answer bad input with (DESIGN.md "Protocol"); each message starts with the
/// offending field, then the expectation and what was received.
/// </summary>
public static class ServiceErrors
{
    /// <summary><c>INVALID_ARGUMENT</c>: <paramref name="field"/> is malformed.</summary>
    public static RpcException InvalidArgument(string field, string expectation) =>
        new(new Status(StatusCode.InvalidArgument, $"{field}: expected {expectation}"));

    /// <summary><c>NOT_FOUND</c>: what <paramref name="field"/> names does not exist.</summary>
    public static RpcException NotFound(string field, string message) =>
        new(new Status(StatusCode.NotFound, $"{field}: {message}"));

    /// <summary><c>FAILED_PRECONDITION</c>: <paramref name="field"/> is well-formed but not valid in the current state.</summary>
    public static RpcException FailedPrecondition(string field, string message) =>
        new(new Status(StatusCode.FailedPrecondition, $"{field}: {message}"));

    /// <summary><c>UNAVAILABLE</c>: the service or a service it needs cannot be reached.</summary>
    public static RpcException Unavailable(string message) => new(new Status(StatusCode.Unavailable, message));

    /// <summary>Throws <c>INVALID_ARGUMENT</c> if <paramref name="values"/> does not have <paramref name="expected"/>
    /// entries or holds a NaN (infinities are allowed only if <paramref name="allowInfinity"/>).</summary>
    public static void RequireValues(IReadOnlyList<double> values, string field, int expected, string per, bool allowInfinity = false)
    {
        if (values.Count != expected)
            throw InvalidArgument(field, $"{expected} values (one per {per}), got {values.Count}");
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            if (double.IsNaN(v) || (!allowInfinity && double.IsInfinity(v)))
                throw InvalidArgument($"{field}[{i}]", $"a {(allowInfinity ? "number" : "finite number")}, got {v}");
        }
    }

    /// <summary>Throws <c>INVALID_ARGUMENT</c> unless <paramref name="value"/> is finite and non-negative.</summary>
    public static void RequireNonNegative(double value, string field)
    {
        if (!(double.IsFinite(value) && value >= 0)) throw InvalidArgument(field, $"a finite number >= 0, got {value}");
    }
}
