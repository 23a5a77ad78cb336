using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Tests.Subresources;

namespace Kubesharp.ApiServer.Tests.Registry;

public sealed class PodGracefulDeletionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ObjectRef Pod(string name) => new(Objects.Pods, "ns1", name);

    private static async Task<StoreFixture> WithPodAsync(string? nodeName, long? terminationGrace = null, JsonArray? finalizers = null)
    {
        var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var pod = Objects.Pod("p", nodeName: nodeName);
        if (terminationGrace is { } grace)
        {
            pod["spec"]!["terminationGracePeriodSeconds"] = grace;
        }

        if (finalizers is not null)
        {
            pod["metadata"]!["finalizers"] = finalizers;
        }

        await f.Registry.CreateAsync(Objects.Pods, "ns1", pod, WriteOptions.None, Ct);
        return f;
    }

    private static long Grace(JsonObject pod) => pod["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>();

    private static double SecondsAhead(JsonObject pod) =>
        (DateTimeOffset.Parse(ObjectMeta.DeletionTimestamp(pod)!, CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow).TotalSeconds;

    [Fact]
    public async Task Delete_BoundPod_MarksWithSpecGraceAndKeepsIt()
    {
        await using var f = await WithPodAsync("node-1", terminationGrace: 45);

        var outcome = await f.Registry.DeleteAsync(Pod("p"), new(), Ct);
        var stored = await f.Registry.GetAsync(Pod("p"), Ct);

        Assert.False(outcome.Deleted);
        Assert.Equal(45, Grace(stored));
        Assert.InRange(SecondsAhead(stored), 40, 46);
    }

    [Fact]
    public async Task Delete_BoundPodWithDefaultedSpec_Grace30()
    {
        await using var f = await WithPodAsync("node-1");

        var outcome = await f.Registry.DeleteAsync(Pod("p"), new(), Ct);

        Assert.Equal(30, Grace(outcome.Body));
    }

    [Fact]
    public async Task Delete_RequestGrace_OverridesSpec()
    {
        await using var f = await WithPodAsync("node-1", terminationGrace: 45);

        var outcome = await f.Registry.DeleteAsync(Pod("p"), new() { GracePeriodSeconds = 5 }, Ct);

        Assert.Equal(5, Grace(outcome.Body));
        Assert.InRange(SecondsAhead(outcome.Body), 0, 6);
    }

    [Fact]
    public async Task Delete_UnboundPod_DeletesAtOnce()
    {
        await using var f = await WithPodAsync(nodeName: null, terminationGrace: 45);

        var outcome = await f.Registry.DeleteAsync(Pod("p"), new(), Ct);

        Assert.True(outcome.Deleted);
        Assert.Null(await f.Store.GetAsync("/registry/pods/ns1/p", Ct));
    }

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public async Task Delete_FinishedPod_DeletesAtOnce(string phase)
    {
        await using var f = await WithPodAsync("node-1");
        var pod = await f.Registry.GetAsync(Pod("p"), Ct);
        pod["status"] = new JsonObject { ["phase"] = phase };
        await f.Registry.UpdateAsync(Pod("p"), pod, "status", WriteOptions.None, Ct);

        var outcome = await f.Registry.DeleteAsync(Pod("p"), new(), Ct);

        Assert.True(outcome.Deleted);
    }

    [Fact]
    public async Task Delete_GraceZero_DeletesBoundPodAtOnce()
    {
        await using var f = await WithPodAsync("node-1");

        var outcome = await f.Registry.DeleteAsync(Pod("p"), new() { GracePeriodSeconds = 0 }, Ct);

        Assert.True(outcome.Deleted);
        Assert.Null(await f.Store.GetAsync("/registry/pods/ns1/p", Ct));
    }

    [Fact]
    public async Task Delete_Terminating_LongerGraceChangesNothing_ShorterMovesTheDeadline()
    {
        await using var f = await WithPodAsync("node-1", terminationGrace: 60);
        var first = await f.Registry.DeleteAsync(Pod("p"), new(), Ct);

        var longer = await f.Registry.DeleteAsync(Pod("p"), new() { GracePeriodSeconds = 120 }, Ct);
        var unchanged = await f.Registry.GetAsync(Pod("p"), Ct);
        var shorter = await f.Registry.DeleteAsync(Pod("p"), new() { GracePeriodSeconds = 10 }, Ct);

        Assert.False(longer.Deleted);
        Assert.Equal(ObjectMeta.ResourceVersion(first.Body), ObjectMeta.ResourceVersion(unchanged));
        Assert.Equal(60, Grace(unchanged));
        Assert.False(shorter.Deleted);
        Assert.Equal(10, Grace(shorter.Body));
        Assert.InRange(SecondsAhead(shorter.Body), 5, 11);
    }

    [Fact]
    public async Task Delete_TerminatingThenGraceZero_Deletes()
    {
        await using var f = await WithPodAsync("node-1");
        await f.Registry.DeleteAsync(Pod("p"), new(), Ct);

        var outcome = await f.Registry.DeleteAsync(Pod("p"), new() { GracePeriodSeconds = 0 }, Ct);

        Assert.True(outcome.Deleted);
        Assert.Null(await f.Store.GetAsync("/registry/pods/ns1/p", Ct));
    }

    [Fact]
    public async Task UpdateStatus_WhileTerminating_KeepsThePod()
    {
        await using var f = await WithPodAsync("node-1");
        await f.Registry.DeleteAsync(Pod("p"), new(), Ct);
        var pod = await f.Registry.GetAsync(Pod("p"), Ct);
        pod["status"] = new JsonObject { ["phase"] = "Running" };

        await f.Registry.UpdateAsync(Pod("p"), pod, "status", WriteOptions.None, Ct);

        Assert.Equal("Running", (await f.Registry.GetAsync(Pod("p"), Ct))["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_GraceZeroWithFinalizer_MarksNow_RemovingFinalizerDeletes()
    {
        await using var f = await WithPodAsync("node-1", finalizers: new JsonArray("example.com/keep"));
        await f.Registry.DeleteAsync(Pod("p"), new(), Ct);

        var outcome = await f.Registry.DeleteAsync(Pod("p"), new() { GracePeriodSeconds = 0 }, Ct);
        var marked = await f.Registry.GetAsync(Pod("p"), Ct);
        ObjectMeta.SetFinalizers(marked, []);
        await f.Registry.UpdateAsync(Pod("p"), marked, null, WriteOptions.None, Ct);

        Assert.False(outcome.Deleted);
        Assert.Equal(0, Grace(outcome.Body));
        Assert.InRange(SecondsAhead(outcome.Body), -5, 1);
        Assert.Null(await f.Store.GetAsync("/registry/pods/ns1/p", Ct));
    }
}
