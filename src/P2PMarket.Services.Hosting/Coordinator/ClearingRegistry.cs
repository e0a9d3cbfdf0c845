using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Options;
using P2PMarket.Protos.V1;
using P2PMarket.Services.Hosting.Protocol;

namespace P2PMarket.Services.Hosting.Coordinator;

/// <summary>Clearings started by this coordinator and their outcome, for <c>GetResult</c>; keeps the most recent
/// <see cref="CoordinatorOptions.ResultsKept"/> finished ones. Thread-safe.</summary>
public sealed class ClearingRegistry(IOptions<CoordinatorOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> finished = new();

    /// <summary>Registers a new running clearing and returns its id.</summary>
    public string Begin()
    {
        var id = Guid.NewGuid().ToString("N");
        entries[id] = new Entry(null, null);
        return id;
    }

    /// <summary>Stores the result of a finished clearing.</summary>
    public void Complete(string clearingId, ClearingResult result) => Finish(clearingId, new Entry(result, null));

    /// <summary>Stores the failure of a clearing.</summary>
    public void Fail(string clearingId, Status status) => Finish(clearingId, new Entry(null, status));

    /// <summary>The result of a finished clearing; throws <c>NOT_FOUND</c> (unknown), <c>FAILED_PRECONDITION</c> (still
    /// running) or the status the clearing failed with.</summary>
    public ClearingResult Get(string clearingId)
    {
        if (string.IsNullOrEmpty(clearingId)) throw ServiceErrors.InvalidArgument("clearing_id", "a clearing id, got none");
        if (!entries.TryGetValue(clearingId, out var entry))
            throw ServiceErrors.NotFound("clearing_id", $"no clearing '{clearingId}' (unknown, or older than the last {options.Value.ResultsKept} kept)");
        if (entry.Failure is { } failure) throw new RpcException(new Status(failure.StatusCode, $"clearing {clearingId} failed: {failure.Detail}"));
        return entry.Result ?? throw ServiceErrors.FailedPrecondition("clearing_id", $"clearing {clearingId} is still running");
    }

    private void Finish(string clearingId, Entry entry)
    {
        entries[clearingId] = entry;
        finished.Enqueue(clearingId);
        while (finished.Count > options.Value.ResultsKept && finished.TryDequeue(out var oldest)) entries.TryRemove(oldest, out _);
    }

    private sealed record Entry(ClearingResult? Result, Status? Failure);
}
