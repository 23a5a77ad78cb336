using System.Text.Json.Nodes;
using Kubesharp.Api.Objects;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Subresources;
using Kubesharp.ApiServer.Tests.Registry;

namespace Kubesharp.ApiServer.Tests.Subresources;

public sealed class PodEvictionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ObjectRef Pod(string name) => new(Objects.Pods, "ns1", name);

    /// <summary>Creates a pod and gives it a status through /status, as the kubelet would.</summary>
    private static async Task CreatePodAsync(StoreFixture f, string name, string phase, bool ready = true)
    {
        var created = await f.Registry.CreateAsync(Objects.Pods, "ns1", Objects.Pod(name), WriteOptions.None, Ct);
        created["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
        };
        await f.Registry.UpdateAsync(Pod(name), created, "status", WriteOptions.None, Ct);
    }

    private static async Task CreateBudgetAsync(StoreFixture f, long disruptionsAllowed)
    {
        var created = await f.Registry.CreateAsync(Objects.Budgets, "ns1", Objects.Budget("pdb", disruptionsAllowed), WriteOptions.None, Ct);
        created["status"] = Objects.Budget("pdb", disruptionsAllowed)["status"]!.DeepClone();
        await f.Registry.UpdateAsync(new(Objects.Budgets, "ns1", "pdb"), created, "status", WriteOptions.None, Ct);
    }

    [Fact]
    public async Task Evict_WithoutBudgets_DeletesThePod()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreatePodAsync(f, "p", "Running");

        await new PodEviction(f.Registry).EvictAsync(Pod("p"), "p", new DeleteOptions(), Ct);

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.GetAsync(Pod("p"), Ct));
        Assert.Equal(404, e.Code);
    }

    [Fact]
    public async Task Evict_HonoursDeleteOptionsPreconditions()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreatePodAsync(f, "p", "Running");

        var e = await Assert.ThrowsAsync<ApiException>(() => new PodEviction(f.Registry).EvictAsync(Pod("p"), "p", new DeleteOptions { PreconditionUid = "other" }, Ct));

        Assert.Equal(409, e.Code);
        Assert.NotNull(await f.Registry.GetAsync(Pod("p"), Ct));
    }

    [Fact]
    public async Task Evict_DryRun_KeepsThePod()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreatePodAsync(f, "p", "Running");

        await new PodEviction(f.Registry).EvictAsync(Pod("p"), "p", new DeleteOptions { DryRun = true }, Ct);

        Assert.NotNull(await f.Registry.GetAsync(Pod("p"), Ct));
    }

    [Fact]
    public async Task Evict_BudgetWithNoDisruptionsAllowed_Is429AndKeepsThePod()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreatePodAsync(f, "p", "Running");
        await CreateBudgetAsync(f, 0);

        var e = await Assert.ThrowsAsync<ApiException>(() => new PodEviction(f.Registry).EvictAsync(Pod("p"), "p", new DeleteOptions(), Ct));

        Assert.Equal(429, e.Code);
        Assert.Equal("TooManyRequests", e.Reason);
        Assert.Equal("Cannot evict pod as it would violate the pod's disruption budget.", e.Message);
        var cause = Assert.Single(e.Details!.Causes!);
        Assert.Equal("DisruptionBudget", cause.Reason);
        Assert.Equal("The disruption budget pdb needs 1 healthy pods and has 1 currently", cause.Message);
        var pod = await f.Registry.GetAsync(Pod("p"), Ct);
        Assert.DoesNotContain(pod["status"]!["conditions"]!.AsArray(), c => (string?)c!["type"] == "DisruptionTarget");
    }

    [Fact]
    public async Task Evict_BudgetAllowingOne_DecrementsRecordsThePodAndDeletes()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreatePodAsync(f, "p", "Running");
        await CreateBudgetAsync(f, 1);

        await new PodEviction(f.Registry).EvictAsync(Pod("p"), "p", new DeleteOptions(), Ct);

        var budget = await f.Registry.GetAsync(new(Objects.Budgets, "ns1", "pdb"), Ct);
        Assert.Equal(0, (long)budget["status"]!["disruptionsAllowed"]!);
        Assert.NotNull(budget["status"]!["disruptedPods"]!["p"]);
        Assert.Contains(budget["status"]!["conditions"]!.AsArray(), c => (string?)c!["type"] == "DisruptionAllowed" && (string?)c["status"] == "False");
        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.GetAsync(Pod("p"), Ct));
        Assert.Equal(404, e.Code);
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public async Task Evict_PendingOrTerminalPod_IgnoresTheBudget(string phase)
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreatePodAsync(f, "p", phase);
        await CreateBudgetAsync(f, 0);

        await new PodEviction(f.Registry).EvictAsync(Pod("p"), "p", new DeleteOptions(), Ct);

        await Assert.ThrowsAsync<ApiException>(() => f.Registry.GetAsync(Pod("p"), Ct));
    }

    [Fact]
    public async Task Evict_BudgetNotYetObserved_Is429StillBeingProcessed()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreatePodAsync(f, "p", "Running");
        var created = await f.Registry.CreateAsync(Objects.Budgets, "ns1", Objects.Budget("pdb", 1), WriteOptions.None, Ct);
        created["status"] = Objects.Budget("pdb", 1, generation: 0)["status"]!.DeepClone();
        await f.Registry.UpdateAsync(new(Objects.Budgets, "ns1", "pdb"), created, "status", WriteOptions.None, Ct);

        var e = await Assert.ThrowsAsync<ApiException>(() => new PodEviction(f.Registry).EvictAsync(Pod("p"), "p", new DeleteOptions(), Ct));

        Assert.Equal(429, e.Code);
        Assert.Equal(10, e.Details!.RetryAfterSeconds);
        Assert.Equal("The disruption budget pdb is still being processed by the server.", e.Details.Causes![0].Message);
    }

    [Fact]
    public async Task Evict_UnreadyPodWithHealthyBudget_DeletesWithoutTakingADisruption()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreatePodAsync(f, "p", "Running", ready: false);
        await CreateBudgetAsync(f, 0);

        await new PodEviction(f.Registry).EvictAsync(Pod("p"), "p", new DeleteOptions(), Ct);

        await Assert.ThrowsAsync<ApiException>(() => f.Registry.GetAsync(Pod("p"), Ct));
        var budget = await f.Registry.GetAsync(new(Objects.Budgets, "ns1", "pdb"), Ct);
        Assert.Null(budget["status"]!["disruptedPods"]);
    }

    [Fact]
    public async Task Evict_NameMismatch_Is400()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreatePodAsync(f, "p", "Running");

        var e = await Assert.ThrowsAsync<ApiException>(() => new PodEviction(f.Registry).EvictAsync(Pod("p"), "q", new DeleteOptions(), Ct));

        Assert.Equal(400, e.Code);
        Assert.Equal("name in URL does not match name in Eviction object", e.Message);
    }
}
