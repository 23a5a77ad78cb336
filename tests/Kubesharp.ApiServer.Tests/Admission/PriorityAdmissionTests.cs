using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Tests.Registry;
using static Kubesharp.ApiServer.Tests.Admission.AdmissionObjects;

namespace Kubesharp.ApiServer.Tests.Admission;

public sealed class PriorityAdmissionTests
{
    private static readonly ResourceType PriorityClasses = BuiltInResources.Get("scheduling.k8s.io", "priorityclasses");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_PodNamingAClass_GetsItsValueAndPolicy()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreateClassAsync(f.Registry, "high", 1000, policy: "Never");
        var body = Pod("a");
        body["spec"]!["priorityClassName"] = "high";

        var pod = await f.Registry.CreateAsync(Pods, "ns1", body, WriteOptions.None, Ct);

        Assert.Equal(1000, (long)pod["spec"]!["priority"]!);
        Assert.Equal("Never", (string?)pod["spec"]!["preemptionPolicy"]);
    }

    [Fact]
    public async Task Create_PodNamingAnUnknownClass_Is403NoPriorityClassFound()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var body = Pod("a");
        body["spec"]!["priorityClassName"] = "missing";

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Pods, "ns1", body, WriteOptions.None, Ct));

        Assert.Equal(403, e.Code);
        Assert.Equal("Forbidden", e.Reason);
        Assert.Equal("pods \"a\" is forbidden: no PriorityClass with name missing was found", e.Message);
    }

    [Fact]
    public async Task Create_PodWithoutClass_GetsGlobalDefaultOrZero()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var before = await f.Registry.CreateAsync(Pods, "ns1", Pod("before"), WriteOptions.None, Ct);
        await CreateClassAsync(f.Registry, "everyone", 50, globalDefault: true);

        var after = await f.Registry.CreateAsync(Pods, "ns1", Pod("after"), WriteOptions.None, Ct);

        Assert.Equal(0, (long)before["spec"]!["priority"]!);
        Assert.Equal("PreemptLowerPriority", (string?)before["spec"]!["preemptionPolicy"]);
        Assert.Null(before["spec"]!["priorityClassName"]);
        Assert.Equal(50, (long)after["spec"]!["priority"]!);
        Assert.Equal("everyone", (string?)after["spec"]!["priorityClassName"]);
    }

    [Fact]
    public async Task Create_PodWithDifferentPriority_Is403()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreateClassAsync(f.Registry, "high", 1000);
        var body = Pod("a");
        body["spec"]!["priorityClassName"] = "high";
        body["spec"]!["priority"] = 7;

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.CreateAsync(Pods, "ns1", body, WriteOptions.None, Ct));

        Assert.Equal(403, e.Code);
        Assert.Contains("the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SecondGlobalDefault_Is403()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await CreateClassAsync(f.Registry, "first", 10, globalDefault: true);

        var e = await Assert.ThrowsAsync<ApiException>(() => CreateClassAsync(f.Registry, "second", 20, globalDefault: true));

        Assert.Equal(403, e.Code);
        Assert.Equal("priorityclasses.scheduling.k8s.io \"second\" is forbidden: PriorityClass first is already marked as default. Only one default can exist", e.Message);
    }

    [Fact]
    public async Task Update_MarkingSecondGlobalDefault_Is403ButTheDefaultItselfMayChange()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var first = await CreateClassAsync(f.Registry, "first", 10, globalDefault: true);
        var second = await CreateClassAsync(f.Registry, "second", 20);
        second["globalDefault"] = true;

        var e = await Assert.ThrowsAsync<ApiException>(() => f.Registry.UpdateAsync(new ObjectRef(PriorityClasses, null, "second"), second, null, WriteOptions.None, Ct));
        first["description"] = "still the default";
        var updated = await f.Registry.UpdateAsync(new ObjectRef(PriorityClasses, null, "first"), first, null, WriteOptions.None, Ct);
        var stored = await f.Registry.GetAsync(new ObjectRef(PriorityClasses, null, "second"), Ct);

        Assert.Equal(403, e.Code);
        Assert.Equal("priorityclasses.scheduling.k8s.io \"second\" is forbidden: PriorityClass first is already marked as default. Only one default can exist", e.Message);
        Assert.Equal("still the default", (string?)updated["description"]);
        Assert.Null(stored["globalDefault"]);
    }

    [Fact]
    public async Task PriorityClass_DefaultsPolicyAndRefusesReservedNamesHighValuesAndValueChanges()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var created = await CreateClassAsync(f.Registry, "ok", 1_000_000_000);

        var reserved = await Assert.ThrowsAsync<ApiException>(() => CreateClassAsync(f.Registry, "system-mine", 5));
        var tooHigh = await Assert.ThrowsAsync<ApiException>(() => CreateClassAsync(f.Registry, "too-high", 1_000_000_001));
        var badPolicy = await Assert.ThrowsAsync<ApiException>(() => CreateClassAsync(f.Registry, "bad-policy", 1, policy: "Sometimes"));
        created["value"] = 2;
        var changed = await Assert.ThrowsAsync<ApiException>(() => f.Registry.UpdateAsync(new ObjectRef(PriorityClasses, null, "ok"), created, null, WriteOptions.None, Ct));

        Assert.Equal("PreemptLowerPriority", (string?)created["preemptionPolicy"]);
        Assert.Equal(422, reserved.Code);
        Assert.StartsWith("PriorityClass.scheduling.k8s.io \"system-mine\" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only.", reserved.Message, StringComparison.Ordinal);
        Assert.Equal("PriorityClass.scheduling.k8s.io \"too-high\" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000", tooHigh.Message);
        Assert.Equal(422, badPolicy.Code);
        Assert.Equal("PriorityClass.scheduling.k8s.io \"ok\" is invalid: value: Forbidden: may not be changed in an update.", changed.Message);
    }

    [Fact]
    public async Task Bootstrap_CreatesTheSystemClassesOnceWithUpstreamValues()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();

        await SystemPriorityClasses.BootstrapAsync(f.Registry, Ct);
        await SystemPriorityClasses.BootstrapAsync(f.Registry, Ct); // a restart finds them there
        var node = await f.Registry.GetAsync(new ObjectRef(PriorityClasses, null, "system-node-critical"), Ct);
        var cluster = await f.Registry.GetAsync(new ObjectRef(PriorityClasses, null, "system-cluster-critical"), Ct);

        Assert.Equal(2_000_001_000, (long)node["value"]!);
        Assert.Equal(2_000_000_000, (long)cluster["value"]!);
        Assert.Null(node["globalDefault"]);
    }

    private static Task<JsonObject> CreateClassAsync(ResourceRegistry registry, string name, long value, bool globalDefault = false, string? policy = null)
    {
        var pc = new JsonObject
        {
            ["apiVersion"] = "scheduling.k8s.io/v1",
            ["kind"] = "PriorityClass",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["value"] = value,
        };
        if (globalDefault)
        {
            pc["globalDefault"] = true;
        }

        if (policy is not null)
        {
            pc["preemptionPolicy"] = policy;
        }

        return registry.CreateAsync(PriorityClasses, null, pc, WriteOptions.None, Ct);
    }
}
