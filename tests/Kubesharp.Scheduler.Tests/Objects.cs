using System.Text.Json.Nodes;
using Kubesharp.Scheduler.Cache;
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

    /// <summary>A cache holding these nodes (and pods placed with <see cref="Place"/>).</summary>
    public static SchedulerCache Cluster(params JsonObject[] nodes)
    {
        var cache = new SchedulerCache(TimeProvider.System);
        foreach (var node in nodes)
        {
            cache.SetNode(node["metadata"]!["name"]!.GetValue<string>(), node);
        }

        return cache;
    }

    /// <summary>Puts a bound pod on <paramref name="node"/> in the cache.</summary>
    public static void Place(SchedulerCache cache, JsonObject pod, string node)
    {
        pod["spec"]!["nodeName"] = node;
        cache.SetPod(Key(pod), pod);
    }

    public static string Key(JsonObject pod) => $"{pod["metadata"]!["namespace"]}/{pod["metadata"]!["name"]}";

    /// <summary>A node in zone <paramref name="zone"/> with the hostname label, as kubelets label them.</summary>
    public static JsonObject ZonedNode(string name, string zone, string cpu = "4") =>
        Node(name, cpu: cpu, labels: new JsonObject { ["kubernetes.io/hostname"] = name, ["topology.kubernetes.io/zone"] = zone });

    /// <summary>A pod with labels (and optionally a namespace) in addition to <see cref="Pod"/>'s spec.</summary>
    public static JsonObject Labeled(string name, JsonObject labels, JsonObject? extraSpec = null, string ns = "default")
    {
        var pod = Pod(name, extraSpec: extraSpec);
        pod["metadata"]!["labels"] = labels;
        pod["metadata"]!["namespace"] = ns;
        return pod;
    }

    public static NodeInfo NodeOf(JsonObject node)
    {
        var info = new NodeInfo(node["metadata"]!["name"]!.GetValue<string>());
        info.SetNode(node);
        return info;
    }

    public static PodInfo PodOf(JsonObject pod, string key = "default/p") => PodInfo.From(key, pod);

    public static NodeInfo NodeIn(SchedulerCache cache, string name) => cache.Nodes.Single(n => n.Name == name);
}
