using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Kubesharp.Api.Conversion;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Watch;

/// <summary>
/// The events of one watch, in order: the initial ADDED events when asked for, then changes from
/// the watch cache (or the store's history when the start is older than the cache's window),
/// filtered by namespace and selectors; ends with an ERROR event (410 Expired) when the start is
/// compacted, and just ends when the watcher falls too far behind (the client resumes from its last
/// resourceVersion). <see cref="ProgressRevision"/> is how far it has read.
/// </summary>
public sealed class ResourceWatch
{
    private readonly ResourceRegistry _registry;
    private readonly WatchCaches _caches;
    private readonly WatchRequest _request;
    private long _progress;

    public ResourceWatch(ResourceRegistry registry, WatchCaches caches, WatchRequest request)
    {
        _registry = registry;
        _caches = caches;
        _request = request;
    }

    /// <summary>Every change up to this revision has been produced (for BOOKMARK events).</summary>
    public long ProgressRevision => Interlocked.Read(ref _progress);

    /// <summary>Runs the watch, writing events to <paramref name="output"/> until cancelled or ended.</summary>
    public async Task RunAsync(ChannelWriter<ApiWatchEvent> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            await foreach (var e in EventsAsync(cancellationToken))
            {
                await output.WriteAsync(e, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away or the timeout passed.
        }
        catch (ApiException e)
        {
            // The response has started (200): the failure travels as an ERROR event, as upstream.
            output.TryWrite(Error(e.Code, e.Reason, e.Message));
        }
        finally
        {
            output.TryComplete();
        }
    }

    private async IAsyncEnumerable<ApiWatchEvent> EventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var type = _request.Type;
        long from;
        var rv = _request.ResourceVersion;
        var initial = _request.SendInitialEvents ?? (string.IsNullOrEmpty(rv) || rv == "0");
        if (initial)
        {
            // The newest state is never older than any resourceVersion asked for (NotOlderThan).
            var list = await _registry.ListAsync(type, _request.Namespace, new ListOptions { Filter = _request.Filter }, cancellationToken);
            foreach (var item in ((JsonArray)list["items"]!).OfType<JsonObject>())
            {
                yield return new ApiWatchEvent("ADDED", item);
            }

            var listed = long.Parse(list["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            from = listed + 1;
            if (_request.SendInitialEvents == true && _request.InitialEventsEndBookmark)
            {
                Interlocked.Exchange(ref _progress, listed);
                yield return InitialEventsEnd(type, listed);
            }
        }
        else if (string.IsNullOrEmpty(rv) || rv == "0")
        {
            from = _registry.Store.CurrentRevision + 1; // sendInitialEvents=false: changes from now on
        }
        else if (long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            from = parsed + 1;
        }
        else
        {
            throw ApiErrors.BadRequest($"resourceVersion: Invalid value: \"{rv}\": must be a number");
        }

        Interlocked.Exchange(ref _progress, from - 1);
        var nsPrefix = ResourceRegistry.CollectionPrefix(type, _request.Namespace);
        var source = _caches.TrySubscribe(type.StorePrefix, from) is { } cached
            ? FromCacheAsync(cached.Cache, cached.Subscription, cancellationToken)
            : FromStoreAsync(nsPrefix, from, cancellationToken);
        await using var changes = source.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            CachedEvent change;
            ApiWatchEvent? failure = null;
            try
            {
                if (!await changes.MoveNextAsync())
                {
                    yield break;
                }

                change = changes.Current;
            }
            catch (StoreException e) when (e.Code == StoreErrorCode.WatcherTooSlow)
            {
                // As upstream's cacher closes an unresponsive watcher: the stream just ends, and the client
                // watches again from the last resourceVersion it got (from this cache's window or the store's
                // history) instead of relisting everything, which an Expired error would make it do.
                yield break;
            }
            catch (StoreException e) when (e.Code == StoreErrorCode.Compacted)
            {
                failure = Error(410, "Expired", $"too old resource version: {from - 1} ({e.CompactRevision})");
                change = null!;
            }
            catch (StoreException e) when (e.Code == StoreErrorCode.Unavailable)
            {
                failure = Error(500, "InternalError", "the watch ended because the store is unavailable; watch again");
                change = null!;
            }

            if (failure is not null)
            {
                yield return failure;
                yield break;
            }

            if (change.Key.StartsWith(nsPrefix, StringComparison.Ordinal) && Translate(change) is { } translated)
            {
                yield return translated;
            }

            Interlocked.Exchange(ref _progress, change.Revision);
        }
    }

    private ApiWatchEvent? Translate(CachedEvent change)
    {
        var filter = _request.Filter;
        // A kind stored in another version is converted per watcher (the shared serialized form is the stored one),
        // before filtering, since selectors name the served version's fields.
        var converted = VersionConversion.Converts(_request.Type);
        if (filter.IsEverything)
        {
            // Nothing to look at in the object: unless converted, the stored bytes are served as they are.
            return converted
                ? new ApiWatchEvent(TypeName(change.Type), ResourceRegistry.ForRead(_request.Type, change.Current))
                : new ApiWatchEvent(TypeName(change.Type), change);
        }

        var current = converted ? ResourceRegistry.ForRead(_request.Type, change.Current) : change.Current;
        var json = converted ? null : change.CurrentJson;

        var previous = converted && change.Previous is { } p ? ResourceRegistry.ForRead(_request.Type, p) : change.Previous;
        var now = change.Type != WatchEventType.Deleted && filter.Matches(current);
        var before = change.Type switch
        {
            WatchEventType.Created => false,
            WatchEventType.Deleted => filter.Matches(previous ?? current),
            _ => previous is null || filter.Matches(previous),
        };

        // An object that starts or stops matching is ADDED or DELETED for this watcher, as upstream. One
        // that stops matching is sent as it was before the change (what the watcher last matched), at the
        // change's resourceVersion, as upstream's cacher does; the other events share the serialized form.
        return (before, now) switch
        {
            (false, true) => new ApiWatchEvent("ADDED", current, json),
            (true, true) => new ApiWatchEvent("MODIFIED", current, json),
            (true, false) when change.Type == WatchEventType.Deleted || previous is null => new ApiWatchEvent("DELETED", current, json),
            (true, false) => new ApiWatchEvent("DELETED", AtRevision(previous!, change.Revision)),
            _ => null,
        };
    }

    // A copy: the cached object is shared by every watcher.
    private static JsonObject AtRevision(JsonObject obj, long revision)
    {
        var copy = (JsonObject)obj.DeepClone();
        ObjectCodec.SetResourceVersion(copy, revision);
        return copy;
    }

    private static string TypeName(WatchEventType type) => type switch
    {
        WatchEventType.Created => "ADDED",
        WatchEventType.Updated => "MODIFIED",
        _ => "DELETED",
    };

    private static async IAsyncEnumerable<CachedEvent> FromCacheAsync(WatchCache cache, WatchSubscription subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            _ = cache;
            await foreach (var e in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                yield return e;
            }
        }
    }

    private async IAsyncEnumerable<CachedEvent> FromStoreAsync(string prefix, long from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in _registry.Store.WatchAsync(prefix, from, cancellationToken))
        {
            yield return new CachedEvent(e);
        }
    }

    /// <summary>The watch-list protocol's marker: every initial object has been sent, as of <paramref name="revision"/>.</summary>
    private static ApiWatchEvent InitialEventsEnd(Api.Catalog.ResourceType type, long revision) => new("BOOKMARK", new JsonObject
    {
        ["kind"] = type.Kind,
        ["apiVersion"] = type.ApiVersion,
        ["metadata"] = new JsonObject
        {
            ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture),
            ["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" },
        },
    });

    private static ApiWatchEvent Error(int code, string reason, string message) => new("ERROR", new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    });
}
