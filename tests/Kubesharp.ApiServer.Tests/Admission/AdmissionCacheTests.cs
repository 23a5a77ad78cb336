using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Admission;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Tests.Registry;
using Kubesharp.Storage;
using static Kubesharp.ApiServer.Tests.Admission.AdmissionObjects;

namespace Kubesharp.ApiServer.Tests.Admission;

/// <summary>
/// Quota, limit range and priority class reads of admission come from a cache kept by a store
/// watch (plus this server's own writes), not from a store list per create.
/// </summary>
public sealed class AdmissionCacheTests
{
    private const string LimitRangePrefix = "/registry/limitranges/";
    private const string QuotaPrefix = "/registry/resourcequotas/";
    private const string PriorityClassPrefix = "/registry/priorityclasses/";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PodCreates_ListLimitRangesQuotasAndPriorityClassesOnceNotPerCreate()
    {
        await using var f = await StoreFixture.CreateAsync();
        var store = new CountingStore(f.Store);
        var registry = new ResourceRegistry(store);
        await registry.CreateAsync(Kubesharp.ApiServer.Tests.Resources.Namespaces, null, Kubesharp.ApiServer.Tests.Resources.Namespace("ns1"), WriteOptions.None, Ct);
        await registry.CreateAsync(LimitRanges, "ns1", LimitRange(new JsonObject { ["cpu"] = "250m" }), WriteOptions.None, Ct);

        // The first creates start the caches (while their first list runs, the store answers): wait until a create lists nothing.
        await EventuallyAsync(async () =>
        {
            var lists = Lists(store);
            var cpu = await CreateAndReadCpuAsync(registry, "warm-" + Guid.NewGuid().ToString("N")[..6]);
            return cpu == "250m" && Lists(store) == lists;
        });
        var before = Lists(store);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("250m", await CreateAndReadCpuAsync(registry, $"p{i}"));
        }

        Assert.Equal(before, Lists(store));
        Assert.True(before.Item1 > 0 && before.Item2 > 0 && before.Item3 > 0, before.ToString()); // each cache listed once to start
    }

    [Fact]
    public async Task LimitRangeWrittenThroughTheRegistry_AppliesToTheVeryNextPod()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Pods, "ns1", Pod("start-caches"), WriteOptions.None, Ct);
        for (var i = 0; i < 5; i++)
        {
            var name = $"lr{i}";
            await f.Registry.CreateAsync(LimitRanges, "ns1", LimitRange(new JsonObject { ["cpu"] = $"{i + 1}00m" }, name), WriteOptions.None, Ct);

            Assert.Equal($"{i + 1}00m", await CreateAndReadCpuAsync(f.Registry, $"after-{name}"));
            await f.Registry.DeleteAsync(new ObjectRef(LimitRanges, "ns1", name), new DeleteOptions(), Ct);
            Assert.Null(await CreateAndReadCpuAsync(f.Registry, $"gone-{name}"));
        }
    }

    [Fact]
    public async Task CachedCollection_SeesStoreWritesFromElsewhereAndKeepsTheNewestPerKey()
    {
        await using var f = await StoreFixture.CreateAsync();
        var collection = new CachedCollection(f.Store, "/registry/things/");
        await EventuallyAsync(() => Task.FromResult(collection.TryList("/registry/things/") is not null));

        // A write that bypasses this server arrives through the watch.
        var created = await f.Store.CreateAsync("/registry/things/a", Encoding.UTF8.GetBytes("{\"v\":1}"), null, Ct);
        await EventuallyAsync(() => Task.FromResult(collection.TryList("/registry/things/")!.Count == 1));

        // A newer value written through wins over an older one the watch delivers late.
        var updated = await f.Store.UpdateAsync("/registry/things/a", Encoding.UTF8.GetBytes("{\"v\":2}"), created.ModRevision, null, Ct);
        collection.Written(updated);
        collection.Written(created);
        Assert.True(collection.TryGet("/registry/things/a", out var value));
        Assert.Equal(updated.ModRevision, value!.ModRevision);

        // A deletion written through is not undone by an older event.
        var deleted = await f.Store.DeleteAsync("/registry/things/a", null, Ct);
        collection.Deleted("/registry/things/a", deleted.Revision);
        collection.Written(updated);
        Assert.Empty(collection.TryList("/registry/things/")!);
        await Task.Delay(100, Ct); // let the watch deliver its events: still gone
        Assert.Empty(collection.TryList("/registry/things/")!);
    }

    private static (int, int, int) Lists(CountingStore store) =>
        (store.Lists(LimitRangePrefix), store.Lists(QuotaPrefix), store.Lists(PriorityClassPrefix));

    private static async Task<string?> CreateAndReadCpuAsync(ResourceRegistry registry, string name)
    {
        var pod = await registry.CreateAsync(Pods, "ns1", Pod(name), WriteOptions.None, Ct);
        return (string?)pod["spec"]!["containers"]![0]!["resources"]!["limits"]?["cpu"];
    }

    private static JsonObject LimitRange(JsonObject defaults, string name = "limits") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "LimitRange",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["limits"] = new JsonArray(new JsonObject { ["type"] = "Container", ["default"] = defaults }) },
    };

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail("the condition did not hold within 5 s");
    }
}
