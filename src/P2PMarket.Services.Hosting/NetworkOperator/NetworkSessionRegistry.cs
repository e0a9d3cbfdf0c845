using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using P2PMarket.Grid;
using P2PMarket.Services.Hosting.Protocol;

namespace P2PMarket.Services.Hosting.NetworkOperator;

/// <summary>
/// The operator's clearings by id. A session survives a broken stream (for <see cref="NetworkOperatorOptions.SessionRetention"/>)
/// so a reconnecting coordinator resumes from the last applied iteration; it is dropped when its stream ends
/// normally. Network rows are built once per scenario and shared (read-only). Thread-safe.
/// </summary>
public sealed class NetworkSessionRegistry(IOptions<NetworkOperatorOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, NetworkClearingSession> sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<NetworkConstraints>> constraints = new(StringComparer.Ordinal);

    /// <summary>Number of sessions held.</summary>
    public int Count => sessions.Count;

    /// <summary>The network rows of a scenario, built once.</summary>
    public NetworkConstraints ConstraintsOf(string scenarioId, Func<NetworkConstraints> build) =>
        constraints.GetOrAdd(scenarioId, _ => new Lazy<NetworkConstraints>(build)).Value;

    /// <summary>Returns the session of <paramref name="clearingId"/>, creating it if new.</summary>
    /// <exception cref="Grpc.Core.RpcException"><c>FAILED_PRECONDITION</c> if the clearing exists for another scenario.</exception>
    public NetworkClearingSession Open(string clearingId, string scenarioId, Func<NetworkConstraints> build)
    {
        Purge();
        var session = sessions.GetOrAdd(clearingId, id => new NetworkClearingSession(id, scenarioId, ConstraintsOf(scenarioId, build)));
        if (session.ScenarioId != scenarioId)
            throw ServiceErrors.FailedPrecondition("open.scenario_id",
                $"clearing {clearingId} was opened for scenario '{session.ScenarioId}', got '{scenarioId}'");
        session.LastUsed = time.GetUtcNow();
        return session;
    }

    /// <summary>Drops a finished clearing.</summary>
    public void Close(NetworkClearingSession session) =>
        sessions.TryRemove(new KeyValuePair<string, NetworkClearingSession>(session.ClearingId, session));

    private void Purge()
    {
        var cutoff = time.GetUtcNow() - options.Value.SessionRetention;
        foreach (var (id, session) in sessions)
            if (session.LastUsed < cutoff) sessions.TryRemove(new KeyValuePair<string, NetworkClearingSession>(id, session));
    }
}
