using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Client.Events;

/// <summary>
/// One writer task drains a bounded channel. Repeats (same object, type, reason, message) within
/// the window are merge-patched onto the Event already written (count, lastTimestamp), so a pod
/// that fails to schedule a hundred times leaves one Event with count 100, as upstream does.
/// </summary>
internal sealed partial class EventRecorder : IEventRecorder
{
    private static readonly ResourceType Events = BuiltInResources.Get("", "events");
    private readonly IApiClient _client;
    private readonly EventRecorderOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<JsonObject> _queue;
    private readonly Dictionary<string, Written> _recent = new(StringComparer.Ordinal);
    private readonly Task _writer;
    private int _pending;
    private int _pruneAbove = PruneFloor;

    public EventRecorder(IApiClient client, EventRecorderOptions options, ILogger logger, TimeProvider time, CancellationToken stopping)
    {
        _client = client;
        _options = options;
        _logger = logger;
        _time = time;
        _queue = Channel.CreateBounded<JsonObject>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
        _writer = Task.Run(() => WriteAllAsync(stopping), CancellationToken.None);
    }

    public void Record(JsonObject involvedObject, EventType type, string reason, string message)
    {
        ArgumentNullException.ThrowIfNull(involvedObject);
        var meta = involvedObject["metadata"] as JsonObject;
        var reference = new JsonObject
        {
            ["kind"] = involvedObject["kind"]?.GetValue<string>(),
            ["namespace"] = meta?["namespace"]?.GetValue<string>(),
            ["name"] = meta?["name"]?.GetValue<string>(),
            ["uid"] = meta?["uid"]?.GetValue<string>(),
            ["apiVersion"] = involvedObject["apiVersion"]?.GetValue<string>(),
            ["resourceVersion"] = meta?["resourceVersion"]?.GetValue<string>(),
        };
        var item = new JsonObject
        {
            ["involvedObject"] = reference,
            ["type"] = type.ToString(),
            ["reason"] = reason,
            ["message"] = message,
        };
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _pending);
            LogDropped(_logger, reason, reference["name"]?.GetValue<string>());
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _pending) > 0 && !_writer.IsCompleted)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    private async Task WriteAllAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(stopping))
            {
                try
                {
                    await WriteAsync(item, stopping);
                }
                catch (ApiException e)
                {
                    LogFailed(_logger, item["reason"]?.GetValue<string>(), e.Message);
                }
                catch (HttpRequestException e)
                {
                    LogFailed(_logger, item["reason"]?.GetValue<string>(), e.Message);
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // stopping: queued events are dropped, as client-go's broadcaster does on shutdown
        }
    }

    private async Task WriteAsync(JsonObject item, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var stamp = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var reference = (JsonObject)item["involvedObject"]!;
        var ns = reference["namespace"]?.GetValue<string>() is { Length: > 0 } n ? n : "default";
        var key = string.Join('\u0001', reference["uid"]?.GetValue<string>() ?? reference["name"]?.GetValue<string>(), item["type"]!.GetValue<string>(), item["reason"]!.GetValue<string>(), item["message"]!.GetValue<string>());
        Prune(now);
        if (_recent.TryGetValue(key, out var written))
        {
            var count = written.Count + 1;
            var patch = new JsonObject { ["count"] = count, ["lastTimestamp"] = stamp };
            try
            {
                await _client.PatchAsync(Events, written.Namespace, written.Name, new PatchRequest(PatchKind.Merge, patch.ToJsonString()), cancellationToken);
                _recent[key] = written with { Count = count, Last = now };
                return;
            }
            catch (ApiException e) when (e.Code == 404)
            {
                _recent.Remove(key); // deleted meanwhile (or expired): write a new one
            }
        }

        var name = $"{reference["name"]?.GetValue<string>() ?? "unknown"}.{now.ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000):x}";
        var evt = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["involvedObject"] = reference.DeepClone(),
            ["reason"] = item["reason"]!.DeepClone(),
            ["message"] = item["message"]!.DeepClone(),
            ["type"] = item["type"]!.DeepClone(),
            ["source"] = _options.Host is null ? new JsonObject { ["component"] = _options.Component } : new JsonObject { ["component"] = _options.Component, ["host"] = _options.Host },
            ["firstTimestamp"] = stamp,
            ["lastTimestamp"] = stamp,
            ["count"] = 1,
            ["reportingComponent"] = _options.Component,
            ["reportingInstance"] = _options.Host ?? string.Empty,
        };
        await _client.CreateAsync(Events, ns, evt, cancellationToken);
        _recent[key] = new Written(ns, name, 1, now);
    }

    private void Prune(DateTimeOffset now)
    {
        if (_recent.Count < _pruneAbove)
        {
            return;
        }

        foreach (var (key, written) in _recent.Where(p => now - p.Value.Last > _options.AggregationWindow).ToList())
        {
            _recent.Remove(key);
        }

        // What is still inside the window stays; scan again only once as many more have been written,
        // so each scan is paid for by the writes before it. With a fixed threshold, a busy recorder
        // (a Scheduled event per pod, tens of thousands in ten minutes) scanned everything on every write.
        _pruneAbove = Math.Max(PruneFloor, _recent.Count * 2);
    }

    private const int PruneFloor = 4096;

    private sealed record Written(string Namespace, string Name, int Count, DateTimeOffset Last);

    [LoggerMessage(Level = LogLevel.Warning, Message = "event queue full; dropped {Reason} for {Name}")]
    private static partial void LogDropped(ILogger logger, string reason, string? name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not write event {Reason}: {Error}")]
    private static partial void LogFailed(ILogger logger, string? reason, string error);
}
