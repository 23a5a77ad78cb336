using k8s;
using k8s.Models;

namespace Kubesharp.EndToEnd;

/// <summary>
/// The official C# client (NuGet KubernetesClient) against a real <c>kubesharp server</c>, loading
/// the kubeconfig the server wrote: its TLS, client certificate and JSON handling must accept ours.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class CSharpClientTests : IClassFixture<KubesharpServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly KubesharpServer _server;

    public CSharpClientTests(KubesharpServer server) => _server = server;

    [Fact]
    public async Task ListNamespaces_ContainsTheDefaultNamespaces()
    {
        using var client = Client();
        using var cts = new CancellationTokenSource(Timeout);

        var list = await client.CoreV1.ListNamespaceAsync(cancellationToken: cts.Token);

        var names = list.Items.Select(n => n.Metadata.Name).ToList();
        Assert.Contains("default", names);
        Assert.Contains("kube-system", names);
        Assert.False(string.IsNullOrEmpty(list.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task ConfigMap_CreateReadMergePatchDelete()
    {
        using var client = Client();
        using var cts = new CancellationTokenSource(Timeout);
        var ns = await NewNamespaceAsync(client, cts.Token);

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings", "blue"), ns, cancellationToken: cts.Token);
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns, cancellationToken: cts.Token);
        var patch = new V1Patch("""{"metadata":{"labels":{"tier":"web"}},"data":{"color":"green","size":"xl"}}""", V1Patch.PatchType.MergePatch);
        var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(patch, "settings", ns, cancellationToken: cts.Token);
        var status = await client.CoreV1.DeleteNamespacedConfigMapAsync("settings", ns, cancellationToken: cts.Token);
        var missing = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns, cancellationToken: cts.Token));

        Assert.Equal(ns, created.Metadata.NamespaceProperty);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal("blue", read.Data["color"]);
        Assert.Equal("green", patched.Data["color"]);
        Assert.Equal("xl", patched.Data["size"]);
        Assert.Equal("web", patched.Metadata.Labels["tier"]);
        Assert.NotEqual(created.Metadata.ResourceVersion, patched.Metadata.ResourceVersion);
        Assert.NotNull(status);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    [Fact]
    public async Task WatchConfigMaps_SeesAddedModifiedDeleted()
    {
        using var client = Client();
        using var cts = new CancellationTokenSource(Timeout);
        var ns = await NewNamespaceAsync(client, cts.Token);
        // Watching from the list's resourceVersion: every later write is delivered however late the watch starts.
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: cts.Token);
        using var stopWatch = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var events = new List<(WatchEventType Type, string Name, string? Color)>();
        var watch = Task.Run(async () =>
        {
            await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: stopWatch.Token))
            {
                if (item.Metadata.Name == "kube-root-ca.crt")
                {
                    continue; // published into every new namespace by the controller manager
                }

                events.Add((type, item.Metadata.Name, item.Data?.TryGetValue("color", out var color) == true ? color : null));
                if (type == WatchEventType.Deleted)
                {
                    return;
                }
            }
        }, cts.Token);

        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("watched", "blue"), ns, cancellationToken: cts.Token);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"color":"red"}}""", V1Patch.PatchType.MergePatch), "watched", ns, cancellationToken: cts.Token);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("watched", ns, cancellationToken: cts.Token);
        await watch.WaitAsync(cts.Token);

        Assert.Equal(
            [(WatchEventType.Added, "watched", "blue"), (WatchEventType.Modified, "watched", "red"), (WatchEventType.Deleted, "watched", "red")],
            events);
    }

    private Kubernetes Client() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.KubeconfigPath));

    private static V1ConfigMap ConfigMap(string name, string color) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Data = new Dictionary<string, string> { ["color"] = color },
    };

    private static async Task<string> NewNamespaceAsync(Kubernetes client, CancellationToken cancellationToken)
    {
        var name = "cs-" + Guid.NewGuid().ToString("N")[..10];
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: cancellationToken);
        return name;
    }
}
