using System.Text.Json.Nodes;
using System.Threading.Channels;
using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Client.Informers;

/// <summary>
/// client-go's reflector + shared informer in one: the watch loop is the only writer of the cache,
/// and it writes each change to the cache before queueing its notification, so handlers that read
/// the cache see at least the state they are told about. Notifications flow through a bounded
/// channel to one dispatcher task, which keeps their order and keeps handlers off the network path.
/// </summary>
internal sealed partial class Informer : IInformer
{
    private readonly IApiClient _client;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ObjectStore _store;
    private readonly Channel<Notification> _notifications;
    private readonly List<InformerHandler> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Held while a change is applied to the cache and queued, so a resync cannot interleave a stale copy.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile string? _resourceVersion;
    private int _started;

    public Informer(IApiClient client, InformerOptions options, ILogger logger, TimeProvider time)
    {
        _client = client;
        _options = options;
        _logger = logger;
        _time = time;
        _store = new ObjectStore(options.Indexers);
        _notifications = Channel.CreateBounded<Notification>(new BoundedChannelOptions(options.HandlerQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public IObjectStore Store => _store;

    public bool HasSynced => _synced.Task.IsCompleted;

    public string? LastSyncResourceVersion => _resourceVersion;

    private string Resource => _options.Type.Plural;

    public void AddHandler(InformerHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("handlers must be added before the informer runs");
        }

        _handlers.Add(handler);
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("the informer is already running");
        }

        var dispatcher = Task.Run(() => DispatchAsync(cancellationToken), CancellationToken.None);
        var resync = _options.ResyncPeriod > TimeSpan.Zero
            ? Task.Run(() => ResyncAsync(cancellationToken), CancellationToken.None)
            : Task.CompletedTask;
        try
        {
            await ListAndWatchAsync(cancellationToken);
        }
        finally
        {
            _notifications.Writer.TryComplete();
            await Task.WhenAll(dispatcher, resync).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _store.Dispose();
        _writeGate.Dispose();
    }

    private async Task ListAndWatchAsync(CancellationToken cancellationToken)
    {
        var needList = true;
        var backoff = _options.InitialBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            var healthy = false;
            try
            {
                if (needList)
                {
                    await ListAsync(cancellationToken);
                    needList = false;
                    healthy = true;
                }

                var outcome = await WatchAsync(cancellationToken);
                healthy |= outcome.Progressed;
                switch (outcome.End)
                {
                    case WatchEnd.Closed:
                        // A clean end (timeoutSeconds): resume from where we are, as client-go does.
                        LogWatchClosed(_logger, Resource, _resourceVersion);
                        break;
                    case WatchEnd.Gone:
                        LogGone(_logger, Resource, _resourceVersion);
                        needList = true;
                        healthy = true; // relist at once: 410 is an answer, not a failure
                        break;
                    default:
                        LogWatchError(_logger, Resource, outcome.Error!.Code, outcome.Error.Message);
                        needList = true;
                        break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ApiException ex) when (ex.IsGone)
            {
                LogGone(_logger, Resource, _resourceVersion);
                needList = true;
                healthy = true;
            }
#pragma warning disable CA1031 // any failure (network, server, parse) is retried with backoff
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailure(_logger, Resource, needList ? "list" : "watch", ex);
            }

            if (healthy)
            {
                backoff = _options.InitialBackoff;
                continue;
            }

            try
            {
                await Task.Delay(Jitter(backoff), _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    /// <summary>Lists every page, then makes the cache equal to the result, telling handlers the differences.</summary>
    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var items = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        string? continueToken = null;
        string? resourceVersion = null;
        do
        {
            var page = await _client.ListAsync(
                _options.Type,
                _options.Namespace,
                new ListRequest { LabelSelector = _options.LabelSelector, FieldSelector = _options.FieldSelector, Limit = _options.PageSize, Continue = continueToken },
                cancellationToken);
            if (page["items"] is JsonArray array)
            {
                foreach (var node in array)
                {
                    if (node is JsonObject item)
                    {
                        items[ObjectKeys.Key(item)] = item;
                    }
                }

                array.Clear(); // detach items so they can live in the cache on their own
            }

            var metadata = page["metadata"] as JsonObject;
            resourceVersion ??= metadata?["resourceVersion"]?.GetValue<string>();
            continueToken = metadata?["continue"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(continueToken));

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            foreach (var (key, item) in items)
            {
                SetTypeMeta(item);
                var old = _store.Upsert(item);
                if (old is null)
                {
                    await NotifyAsync(new Notification(NotificationKind.Add, null, item), cancellationToken);
                }
                else if (ObjectKeys.ResourceVersion(old) != ObjectKeys.ResourceVersion(item))
                {
                    await NotifyAsync(new Notification(NotificationKind.Update, old, item), cancellationToken);
                }
            }

            foreach (var key in _store.Keys())
            {
                if (!items.ContainsKey(key) && _store.Remove(key) is { } gone)
                {
                    await NotifyAsync(new Notification(NotificationKind.Delete, null, gone), cancellationToken);
                }
            }

            _resourceVersion = resourceVersion;
            if (!HasSynced)
            {
                await NotifyAsync(new Notification(NotificationKind.Synced, null, null), cancellationToken);
            }
        }
        finally
        {
            _writeGate.Release();
        }

        LogListed(_logger, Resource, items.Count, resourceVersion);
    }

    private async Task<WatchOutcome> WatchAsync(CancellationToken cancellationToken)
    {
        var timeout = _options.MinWatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble());
        var request = new WatchRequest
        {
            ResourceVersion = _resourceVersion,
            AllowWatchBookmarks = true,
            TimeoutSeconds = (int)Math.Max(1, timeout),
            LabelSelector = _options.LabelSelector,
            FieldSelector = _options.FieldSelector,
        };
        var progressed = false;
        await foreach (var e in _client.WatchAsync(_options.Type, _options.Namespace, request, cancellationToken))
        {
            switch (e.Type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    SetTypeMeta(e.Body);
                    await ApplyAsync(e.Body, remove: false, cancellationToken);
                    break;
                case WatchEventType.Deleted:
                    SetTypeMeta(e.Body);
                    await ApplyAsync(e.Body, remove: true, cancellationToken);
                    break;
                case WatchEventType.Bookmark:
                    _resourceVersion = e.ResourceVersion ?? _resourceVersion;
                    break;
                default:
                    var error = ApiException.FromStatus(e.Body, 500);
                    return new WatchOutcome(error.IsGone ? WatchEnd.Gone : WatchEnd.Error, progressed, error);
            }

            progressed = true;
        }

        return new WatchOutcome(WatchEnd.Closed, progressed, null);
    }

    private async Task ApplyAsync(JsonObject obj, bool remove, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (remove)
            {
                _store.Remove(ObjectKeys.Key(obj));
                await NotifyAsync(new Notification(NotificationKind.Delete, null, obj), cancellationToken);
            }
            else
            {
                var old = _store.Upsert(obj);
                await NotifyAsync(old is null ? new Notification(NotificationKind.Add, null, obj) : new Notification(NotificationKind.Update, old, obj), cancellationToken);
            }

            _resourceVersion = ObjectKeys.ResourceVersion(obj) ?? _resourceVersion;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ResyncPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!HasSynced)
                {
                    continue;
                }

                foreach (var key in _store.Keys())
                {
                    await _writeGate.WaitAsync(cancellationToken);
                    try
                    {
                        // Read under the gate: the copy delivered is the newest, never older than one already queued.
                        if (_store.Get(key) is { } current)
                        {
                            await NotifyAsync(new Notification(NotificationKind.Update, current, current), cancellationToken);
                        }
                    }
                    finally
                    {
                        _writeGate.Release();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private ValueTask NotifyAsync(Notification notification, CancellationToken cancellationToken) =>
        _handlers.Count == 0 && notification.Kind != NotificationKind.Synced
            ? ValueTask.CompletedTask
            : _notifications.Writer.WriteAsync(notification, cancellationToken);

    /// <summary>List items come without kind/apiVersion; handlers expect whole objects, as from a GET.</summary>
    private void SetTypeMeta(JsonObject obj)
    {
        if (obj["kind"] is null)
        {
            obj["kind"] = _options.Type.Kind;
        }

        if (obj["apiVersion"] is null)
        {
            obj["apiVersion"] = _options.Type.ApiVersion;
        }
    }

    private static TimeSpan Jitter(TimeSpan delay) => delay * (1 + (Random.Shared.NextDouble() * 0.2));

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Resource}: listed {Count} objects at resourceVersion {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, string resource, int count, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Resource}: watch closed at resourceVersion {ResourceVersion}; resuming")]
    private static partial void LogWatchClosed(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource}: resourceVersion {ResourceVersion} is gone (410); relisting")]
    private static partial void LogGone(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource}: watch error {Code}: {Message}; relisting")]
    private static partial void LogWatchError(ILogger logger, string resource, int code, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource}: {Operation} failed; retrying with backoff")]
    private static partial void LogFailure(ILogger logger, string resource, string operation, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Resource}: an event handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, string resource, Exception error);
}
