using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Manager;
using Kubesharp.Testing.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Controllers.Tests.Manager;

public sealed class ControllerManagerTests
{
    private static readonly ResourceType ConfigMaps = BuiltInResources.Get("", "configmaps");

    [Fact]
    public async Task RunAsync_LeaderElected_TakesTheLeaseAndReportsReadyAfterCachesSync()
    {
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await api.Client.CreateAsync(ConfigMaps, "default", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "before" } }, TestContext.Current.CancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = ControllerManager.RunAsync(api.Client, new ControllerManagerOptions("test-1"), NullLoggerFactory.Instance, ready.SetResult, stop.Token);

        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var lease = await api.Client.GetAsync(BuiltInResources.Get("coordination.k8s.io", "leases"), "kube-system", "kube-controller-manager", TestContext.Current.CancellationToken);
        Assert.Equal("test-1", lease["spec"]?["holderIdentity"]?.GetValue<string>());

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task SharedInformers_SameType_ShareOneCacheThatIsFilledBeforeReady()
    {
        await using var api = await InProcessApiServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await api.Client.CreateAsync(ConfigMaps, "default", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "seen" } }, TestContext.Current.CancellationToken);
        using var informers = InformerFactory.CreateShared(api.Client);
        var first = informers.For(ConfigMaps);
        Assert.Same(first, informers.For(ConfigMaps));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = informers.RunAsync(stop.Token);

        await informers.WaitForSyncAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.NotNull(first.Store.Get("default/seen"));
        Assert.Throws<InvalidOperationException>(() => informers.For(BuiltInResources.Get("", "secrets")));

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }
}
