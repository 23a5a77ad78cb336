using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Pods;

/// <summary>The minimal extensions: env from literal values, nothing mounted, no hooks or probes.</summary>
internal sealed class BasicPodExtensions : IPodExtensions
{
    public Task RunAsync(Action<string> wakePod, CancellationToken cancellationToken) => Task.CompletedTask;

    public void ContainerRunning(JsonObject pod, JsonObject container, string containerId, PodRuntimeAddresses addresses)
    {
    }

    public Task ResyncPodAsync(JsonObject pod, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PreparePodAsync(JsonObject pod, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ContainerSetup> SetUpContainerAsync(JsonObject pod, JsonObject container, PodRuntimeAddresses addresses, CancellationToken cancellationToken)
    {
        var env = new List<KeyValuePair<string, string>>();
        foreach (var item in (container["env"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (PodView.Str(item["name"]) is { } name && item["valueFrom"] is null)
            {
                env.Add(new(name, PodView.Str(item["value"]) ?? ""));
            }
        }

        return Task.FromResult(new ContainerSetup(env, []));
    }

    public Task<bool> ContainerStartedAsync(JsonObject pod, JsonObject container, string containerId, PodRuntimeAddresses addresses, CancellationToken cancellationToken) =>
        Task.FromResult(true);

    public Task BeforeStopAsync(JsonObject pod, JsonObject container, string containerId, PodRuntimeAddresses addresses, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public bool IsReady(string podUid, string containerName) => true;

    public bool IsStarted(string podUid, string containerName) => true;

    public Task PodRemovedAsync(string podUid, CancellationToken cancellationToken) => Task.CompletedTask;
}
