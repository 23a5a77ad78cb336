using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;

namespace Kubesharp.Bench.Scheduler;

/// <summary>
/// Times each pod's creation and binding from one pod watch. A watch that ends (the server cuts a watcher
/// that falls too far behind with 410, as upstream's watch cache does) is resumed from the last
/// resourceVersion, or relisted on 410; pods first met in a relist are stamped then, so a restart can only
/// make latencies look worse. <see cref="Restarts"/> says how often it happened.
/// </summary>
internal sealed class PodBindingWatch(IApiClient client, Stopwatch clock)
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");

    public ConcurrentDictionary<string, long> Seen { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, long> Bound { get; } = new(StringComparer.Ordinal);

    public int Restarts { get; private set; }

    public async Task RunAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        var from = resourceVersion;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                from = await WatchFromAsync(from, cancellationToken) ?? await RelistAsync(cancellationToken);
                Restarts++;
            }
        }
        catch (OperationCanceledException)
        {
            // done
        }
    }

    /// <summary>Watches until the stream ends; returns where to resume, or null when a relist is needed.</summary>
    private async Task<string?> WatchFromAsync(string from, CancellationToken cancellationToken)
    {
        var last = from;
        await foreach (var e in client.WatchAsync(Pods, null, new WatchRequest { ResourceVersion = from, AllowWatchBookmarks = true }, cancellationToken))
        {
            if (e.Type == WatchEventType.Error)
            {
                Console.Error.WriteLine($"  pod watch ended: {e.Body["message"]}; relisting");
                return null;
            }

            if (e.Type != WatchEventType.Bookmark)
            {
                Record(e.Body);
            }

            last = e.ResourceVersion ?? last;
        }

        return last;
    }

    private async Task<string> RelistAsync(CancellationToken cancellationToken)
    {
        var list = await client.ListAsync(Pods, null, new ListRequest(), cancellationToken);
        foreach (var pod in ((JsonArray)list["items"]!).OfType<JsonObject>())
        {
            Record(pod);
        }

        return list["metadata"]!["resourceVersion"]!.GetValue<string>();
    }

    private void Record(JsonObject pod)
    {
        var key = ObjectKeys.Key(pod);
        var now = clock.ElapsedMilliseconds;
        Seen.TryAdd(key, now);
        if (pod["spec"]?["nodeName"] is not null)
        {
            Bound.TryAdd(key, now);
        }
    }
}
