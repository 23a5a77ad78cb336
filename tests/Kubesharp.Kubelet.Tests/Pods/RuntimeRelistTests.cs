using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Pods;
using Kubesharp.Kubelet.Tests.Fakes;
using Kubesharp.Testing.Time;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Kubelet.Tests.Pods;

/// <summary>The node-wide relist names exactly the pods whose runtime state changed since the previous one.</summary>
public sealed class RuntimeRelistTests
{
    private readonly ManualTime time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryRuntime runtime;
    private readonly RuntimeRelist relist;

    public RuntimeRelistTests()
    {
        runtime = new InMemoryRuntime(time);
        relist = new RuntimeRelist(runtime, time, NullLogger.Instance);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChangedAsync_FirstListing_NamesEveryPodOfTheKubeletOnly()
    {
        await RunPodAsync("u1");
        await RunPodAsync("u2");
        await runtime.RunPodSandboxAsync(new PodSandboxSpec("foreign", "x", "u9"), Ct); // no kubelet labels

        Assert.Equal(["u1", "u2"], (await relist.ChangedAsync(Ct)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ChangedAsync_NothingHappened_NamesNoPod()
    {
        await RunPodAsync("u1");
        await relist.ChangedAsync(Ct);

        Assert.Empty(await relist.ChangedAsync(Ct));
    }

    [Fact]
    public async Task ChangedAsync_ContainerExited_NamesItsPodAlone()
    {
        await RunPodAsync("u1");
        await RunPodAsync("u2", container: "other");
        await relist.ChangedAsync(Ct);

        runtime.Exit("other", 1);

        Assert.Equal(["u2"], await relist.ChangedAsync(Ct));
    }

    [Fact]
    public async Task ChangedAsync_SandboxRemoved_NamesThePodOnce()
    {
        var sandbox = await RunPodAsync("u1");
        await relist.ChangedAsync(Ct);

        await runtime.RemovePodSandboxAsync(sandbox, Ct);

        Assert.Equal(["u1"], await relist.ChangedAsync(Ct));
        Assert.Empty(await relist.ChangedAsync(Ct));
    }

    private async Task<string> RunPodAsync(string uid, string container = "c")
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [KubeletLabels.PodUid] = uid };
        var spec = new PodSandboxSpec("p-" + uid, "default", uid) { Labels = labels };
        var sandbox = await runtime.RunPodSandboxAsync(spec, Ct);
        var id = await runtime.CreateContainerAsync(new NewContainer(sandbox, new ContainerSpec(container, "busybox") { Labels = labels }, spec), Ct);
        await runtime.StartContainerAsync(id, Ct);
        return sandbox;
    }
}
