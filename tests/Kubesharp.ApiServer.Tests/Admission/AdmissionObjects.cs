using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Tests.Admission;

/// <summary>Pods, quotas and limit ranges for the admission tests.</summary>
internal static class AdmissionObjects
{
    public static readonly ResourceType Pods = BuiltInResources.Get("", "pods");
    public static readonly ResourceType Quotas = BuiltInResources.Get("", "resourcequotas");
    public static readonly ResourceType LimitRanges = BuiltInResources.Get("", "limitranges");

    public static JsonObject Pod(string? name, JsonObject? requests = null, JsonObject? limits = null)
    {
        var resources = new JsonObject();
        if (requests is not null)
        {
            resources["requests"] = requests;
        }

        if (limits is not null)
        {
            resources["limits"] = limits;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = name is null ? new JsonObject { ["generateName"] = "p-" } : new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox", ["resources"] = resources }) },
        };
    }

    /// <summary>Creates a quota and writes its status as the controller would have: hard = spec.hard, used as given.</summary>
    public static async Task CreateQuotaAsync(ResourceRegistry registry, string name, JsonObject hard, JsonObject used, CancellationToken ct)
    {
        var quota = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ResourceQuota",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["hard"] = hard.DeepClone() },
        };
        var created = await registry.CreateAsync(Quotas, "ns1", quota, WriteOptions.None, ct);
        created["status"] = new JsonObject { ["hard"] = hard.DeepClone(), ["used"] = used };
        await registry.UpdateAsync(new ObjectRef(Quotas, "ns1", name), created, "status", WriteOptions.None, ct);
    }

    public static async Task<JsonObject?> UsedAsync(ResourceRegistry registry, string name, CancellationToken ct) =>
        (await registry.GetAsync(new ObjectRef(Quotas, "ns1", name), ct))["status"]?["used"] as JsonObject;
}
