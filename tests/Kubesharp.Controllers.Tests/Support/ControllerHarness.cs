using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Manager;
using Kubesharp.Testing.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Controllers.Tests.Support;

/// <summary>The real API server in-process with the controller manager running against it.</summary>
internal sealed class ControllerHarness : IAsyncDisposable
{
    public static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    private readonly InProcessApiServer _api;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _manager;
    private readonly bool _ownsApi;

    private ControllerHarness(InProcessApiServer api, Task manager, CancellationTokenSource stop, bool ownsApi = true)
    {
        _api = api;
        _manager = manager;
        _stop = stop;
        _ownsApi = ownsApi;
    }

    public IApiClient Client => _api.Client;

    public static async Task<ControllerHarness> StartAsync(CancellationToken cancellationToken, ControllerManagerOptions? options = null)
    {
        var api = await InProcessApiServer.StartAsync(cancellationToken: cancellationToken);
        var stop = new CancellationTokenSource();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var manager = ControllerManager.RunAsync(api.Client, options ?? new ControllerManagerOptions("test") { LeaderElect = false }, NullLoggerFactory.Instance, ready.SetResult, stop.Token);
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return new ControllerHarness(api, manager, stop);
    }

    /// <summary>A manager on an API server the caller keeps (to stop and start managers on the same cluster).</summary>
    public static async Task<ControllerHarness> StartAsync(InProcessApiServer api, ControllerManagerOptions options, CancellationToken cancellationToken)
    {
        var stop = new CancellationTokenSource();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var manager = ControllerManager.RunAsync(api.Client, options, NullLoggerFactory.Instance, ready.SetResult, stop.Token);
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return new ControllerHarness(api, manager, stop, ownsApi: false);
    }

    public async Task<IReadOnlyList<JsonObject>> PodsAsync(string selector, CancellationToken cancellationToken) =>
        (await Client.ListAsync(Pods, "default", new ListRequest { LabelSelector = selector }, cancellationToken))["items"]!.AsArray().Cast<JsonObject>().ToList();

    /// <summary>Polls <paramref name="check"/> until it holds (bounded), returning its last value for the assertion message.</summary>
    public static Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> check, CancellationToken cancellationToken, int seconds = 20) =>
        Kubesharp.Testing.Polling.Poll.UntilAsync(read, check, cancellationToken, seconds);

    /// <summary>Plays the node: the pod is Running and Ready.</summary>
    public async Task MarkReadyAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var updated = (JsonObject)pod.DeepClone();
        updated["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = now }),
        };
        await Client.UpdateStatusAsync(Pods, updated, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _manager.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _stop.Dispose();
        if (_ownsApi)
        {
            await _api.DisposeAsync();
        }
    }
}
