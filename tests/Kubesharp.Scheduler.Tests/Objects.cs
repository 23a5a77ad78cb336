using System.Text.Json.Nodes;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Tests;

/// <summary>Small node and pod fixtures.</summary>
internal static class Objects
{
    public static JsonObject Node(string name, string cpu = "4", string memory = "8Gi", string pods = "110", JsonObject? labels = null, JsonArray? taints = null, bool unschedulable = false)
    {
        var allocatable = new JsonObject { ["cpu"] = cpu, ["memory"] = memory, ["pods"] = pods };
        var spec = new JsonObject();
        if (taints is not null)
        {
            spec["taints"] = taints;
        }

        if (unschedulable)
        {
            spec["unschedulable"] = true;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels ?? new JsonObject { ["kubernetes.io/hostname"] = name } },
            ["spec"] = spec,
            ["status"] = new JsonObject { ["capacity"] = allocatable.DeepClone(), ["allocatable"] = allocatable },
        };
    }

    public static JsonObject Pod(string name, string? cpu = null, string? memory = null, JsonObject? extraSpec = null)
    {
        var requests = new JsonObject();
        if (cpu is not null)
        {
            requests["cpu"] = cpu;
        }

        if (memory is not null)
        {
            requests["memory"] = memory;
        }

        var spec = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox", ["resources"] = new JsonObject { ["requests"] = requests } }),
        };
        foreach (var (key, value) in extraSpec ?? [])
        {
            spec[key] = value?.DeepClone();
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = spec,
        };
    }

    public static NodeInfo NodeOf(JsonObject node)
    {
        var info = new NodeInfo(node["metadata"]!["name"]!.GetValue<string>());
        info.SetNode(node);
        return info;
    }

    public static PodInfo PodOf(JsonObject pod, string key = "default/p") => PodInfo.From(key, pod);
}
