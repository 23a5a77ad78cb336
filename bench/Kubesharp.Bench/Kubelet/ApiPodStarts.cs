using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;

namespace Kubesharp.Bench.Kubelet;

/// <summary>
/// The same pods through the whole stack: created through the API server (no nodeName: the
/// scheduler binds them), started by our kubelet; creation to phase Running as one watch sees it.
/// </summary>
internal sealed class ApiPodStarts(IApiClient client, string @namespace) : IAsyncDisposable
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    private readonly ConcurrentDictionary<string, Waiter> waiters = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private Task? watching;

    /// <summary>Bound (scheduled) time of each pod, from creation, in milliseconds.</summary>
    public List<double> BindMs { get; } = [];

    /// <summary>Time to condition Ready=True of each pod, from creation, in milliseconds (what <c>kubectl wait --for=condition=Ready</c> waits for).</summary>
    public List<double> ReadyMs { get; } = [];

    public async Task StartWatchAsync(CancellationToken cancellationToken)
    {
        var list = await client.ListAsync(Pods, @namespace, new ListRequest { Limit = 1 }, cancellationToken);
        var version = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        watching = WatchAsync(version, stop.Token);
    }

    /// <summary>Creates one pod and waits (bounded) until the watch shows it Running; returns the time taken, in milliseconds.</summary>
    public async Task<double> StartOneAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = new Waiter();
        waiters[name] = waiter;
        waiter.Clock.Start();
        await client.CreateAsync(Pods, @namespace, Pod(name), cancellationToken);
        var running = await waiter.Running.Task.WaitAsync(timeout, cancellationToken);
        var ready = await waiter.Ready.Task.WaitAsync(timeout, cancellationToken);
        BindMs.Add(waiter.BoundMs ?? running);
        ReadyMs.Add(ready);

        waiters.TryRemove(name, out _);
        return running;
    }

    /// <summary>Deletes every pod of the namespace and waits (bounded) until the kubelet has removed them.</summary>
    public async Task DeleteAllAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var items = (await client.ListAsync(Pods, @namespace, new ListRequest(), cancellationToken))["items"]!.AsArray();
        foreach (var pod in items.OfType<JsonObject>())
        {
            await client.DeleteAsync(Pods, @namespace, pod["metadata"]!["name"]!.GetValue<string>(), null, cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        while ((await client.ListAsync(Pods, @namespace, new ListRequest(), cancellationToken))["items"]!.AsArray().Count > 0)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"pods of {@namespace} still there after {timeout.TotalSeconds} s");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (watching is not null)
        {
            await watching.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        stop.Dispose();
    }

    private async Task WatchAsync(string version, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in client.WatchAsync(Pods, @namespace, new WatchRequest { ResourceVersion = version }, cancellationToken))
                {
                    version = e.Body["metadata"]?["resourceVersion"]?.GetValue<string>() ?? version;
                    var name = e.Body["metadata"]?["name"]?.GetValue<string>();
                    if (name is null || !waiters.TryGetValue(name, out var waiter))
                    {
                        continue;
                    }

                    if (waiter.BoundMs is null && e.Body["spec"]?["nodeName"] is not null)
                    {
                        waiter.BoundMs = waiter.Clock.Elapsed.TotalMilliseconds;
                    }

                    if (e.Body["status"]?["phase"]?.GetValue<string>() == "Running")
                    {
                        waiter.Running.TrySetResult(waiter.Clock.Elapsed.TotalMilliseconds);
                    }

                    if (e.Body["status"]?["conditions"] is JsonArray conditions
                        && conditions.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True"))
                    {
                        waiter.Ready.TrySetResult(waiter.Clock.Elapsed.TotalMilliseconds);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or ApiException or IOException)
            {
                // The watch broke (server busy); resume from the last version seen.
                Console.Error.WriteLine($"  watch restarted: {e.Message}");
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    /// <summary>busybox sleep, as the floor runs it; a short grace period so the clean-up does not wait out sleep ignoring SIGTERM.</summary>
    private static JsonObject Pod(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["bench"] = "podstartup" } },
        ["spec"] = new JsonObject
        {
            ["terminationGracePeriodSeconds"] = 1,
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "sleep",
                ["image"] = PodStartupBenchmark.Image,
                ["imagePullPolicy"] = "IfNotPresent",
                ["command"] = new JsonArray("sleep", "3600"),
            }),
        },
    };

    private sealed class Waiter
    {
        public Stopwatch Clock { get; } = new();

        public TaskCompletionSource<double> Running { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<double> Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public double? BoundMs { get; set; }
    }
}
