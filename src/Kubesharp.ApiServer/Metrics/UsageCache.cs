using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Metrics;

/// <summary>
/// The last usage of each node for a short while, so a burst of <c>kubectl top</c> calls costs one
/// kubelet scrape per node; misses are fetched in parallel and failures are cached too, so a dead
/// kubelet slows at most one request per period.
/// </summary>
internal sealed class UsageCache(INodeUsageSource source, TimeProvider time, TimeSpan period)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public TimeSpan Period => period;

    public async Task<IReadOnlyList<NodeUsage>> GetAsync(IReadOnlyList<JsonObject> nodes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tasks = nodes.Select(node => GetAsync(node, now, cancellationToken)).ToArray();
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        var present = nodes.Select(Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in entries.Keys.Where(k => !present.Contains(k)).ToArray())
        {
            entries.TryRemove(gone, out _);
        }

        return results.OfType<NodeUsage>().ToArray();
    }

    private async Task<NodeUsage?> GetAsync(JsonObject node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = Name(node);
        if (entries.TryGetValue(name, out var entry) && now - entry.FetchedAt < period)
        {
            return entry.Usage;
        }

        var usage = await source.FetchAsync(node, cancellationToken).ConfigureAwait(false);
        entries[name] = new Entry(now, usage);
        return usage;
    }

    private static string Name(JsonObject node) => node["metadata"]?["name"]?.GetValue<string>() ?? "";

    private sealed record Entry(DateTimeOffset FetchedAt, NodeUsage? Usage);
}
