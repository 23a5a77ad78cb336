using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Simulation;

/// <summary>The Node, Lease and pod statuses a hollow node writes — what a real kubelet would report.</summary>
internal static class HollowObjects
{
    public const string RunSecondsAnnotation = "kubesharp.io/hollow-run-seconds";

    /// <summary>
    /// The node's own pod range (as a kubelet's --pod-cidr), written to its spec: 10.128.0.0/9 carved
    /// into /24s by index, outside the cluster CIDR, so node IPAM leaves hollow nodes alone and
    /// thousands of them neither exhaust the cluster's ranges nor flood it with CIDRNotAvailable.
    /// </summary>
    public static string FallbackPodCidr(int index) => $"10.{128 + (index >> 8)}.{index & 255}.0/24";

    public static JsonObject Node(HollowOptions options, int index, DateTimeOffset now)
    {
        var name = options.NodeName(index);
        var labels = new JsonObject
        {
            ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["kubesharp.io/hollow"] = "true",
        };
        if (options.Zones > 0)
        {
            labels["topology.kubernetes.io/region"] = "hollow";
            labels["topology.kubernetes.io/zone"] = $"zone-{(index % options.Zones).ToString(CultureInfo.InvariantCulture)}";
        }

        foreach (var (key, value) in options.Labels)
        {
            labels[key] = value;
        }

        var resources = new JsonObject
        {
            ["cpu"] = options.Cpu,
            ["memory"] = options.Memory,
            ["pods"] = options.MaxPods.ToString(CultureInfo.InvariantCulture),
            ["ephemeral-storage"] = "100Gi",
        };
        var podCidr = FallbackPodCidr(index);
        var spec = new JsonObject { ["podCIDR"] = podCidr, ["podCIDRs"] = new JsonArray(podCidr) };
        if (options.Taints.Count > 0)
        {
            var taints = new JsonArray();
            foreach (var t in options.Taints)
            {
                var effectAt = t.LastIndexOf(':');
                var keyValue = t[..effectAt];
                var eq = keyValue.IndexOf('=', StringComparison.Ordinal);
                var taint = new JsonObject { ["key"] = eq < 0 ? keyValue : keyValue[..eq], ["effect"] = t[(effectAt + 1)..] };
                if (eq >= 0)
                {
                    taint["value"] = keyValue[(eq + 1)..];
                }

                taints.Add((JsonNode)taint);
            }

            spec["taints"] = taints;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["capacity"] = resources.DeepClone(),
                ["allocatable"] = resources,
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = $"10.200.{index >> 8}.{index & 255}" },
                    new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                ["conditions"] = NodeConditions(now),
                ["nodeInfo"] = new JsonObject
                {
                    ["kubeletVersion"] = "v1.32.0-kubesharp-hollow",
                    ["kubeProxyVersion"] = "v1.32.0-kubesharp-hollow",
                    ["containerRuntimeVersion"] = "hollow://0.1",
                    ["operatingSystem"] = "linux",
                    ["architecture"] = "amd64",
                    ["osImage"] = "Kubesharp hollow node",
                    ["kernelVersion"] = "hollow",
                    ["machineID"] = string.Empty,
                    ["systemUUID"] = string.Empty,
                    ["bootID"] = string.Empty,
                },
            },
        };
    }

    /// <summary>A healthy kubelet's node conditions, heartbeat at <paramref name="now"/>.</summary>
    public static JsonArray NodeConditions(DateTimeOffset now)
    {
        var stamp = Stamp(now);
        return new JsonArray(
            Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", stamp),
            Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", stamp),
            Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", stamp),
            Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status (hollow node)", stamp));
    }

    /// <summary>True when the node's Ready condition says True (the node lifecycle controller sets Unknown when heartbeats stop).</summary>
    public static bool IsReady(JsonObject node) =>
        (node["status"]?["conditions"] as JsonArray ?? []).Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");

    /// <summary>What a kubelet reports once the pod's containers run: Running, Ready, an IP from the node's range.</summary>
    public static JsonObject Running(JsonObject pod, string podIp, string hostIp, DateTimeOffset now)
    {
        var stamp = Stamp(now);
        var statuses = new JsonArray();
        foreach (var container in pod["spec"]?["containers"] as JsonArray ?? [])
        {
            var name = container?["name"]?.GetValue<string>() ?? "c";
            statuses.Add((JsonNode)new JsonObject
            {
                ["name"] = name,
                ["image"] = container?["image"]?.GetValue<string>(),
                ["imageID"] = $"hollow://{container?["image"]?.GetValue<string>()}",
                ["containerID"] = $"hollow://{pod["metadata"]?["uid"]?.GetValue<string>()}/{name}",
                ["ready"] = true,
                ["started"] = true,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = stamp } },
            });
        }

        return new JsonObject
        {
            ["phase"] = "Running",
            ["podIP"] = podIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            ["hostIP"] = hostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp }),
            ["startTime"] = stamp,
            ["qosClass"] = pod["status"]?["qosClass"]?.DeepClone() ?? "BestEffort",
            ["conditions"] = new JsonArray(
                Condition("PodReadyToStartContainers", "True", null, null, stamp),
                Condition("Initialized", "True", null, null, stamp),
                Condition("Ready", "True", null, null, stamp),
                Condition("ContainersReady", "True", null, null, stamp),
                Condition("PodScheduled", "True", null, null, stamp)),
            ["containerStatuses"] = statuses,
        };
    }

    /// <summary>A run-to-completion pod that finished: Succeeded, containers terminated with exit code 0.</summary>
    public static JsonObject Succeeded(JsonObject running, DateTimeOffset now)
    {
        var status = (JsonObject)running.DeepClone();
        var stamp = Stamp(now);
        status["phase"] = "Succeeded";
        foreach (var c in status["conditions"] as JsonArray ?? [])
        {
            if (c?["type"]?.GetValue<string>() is "Ready" or "ContainersReady")
            {
                c["status"] = "False";
                c["reason"] = "PodCompleted";
                c["lastTransitionTime"] = stamp;
            }
        }

        foreach (var s in status["containerStatuses"] as JsonArray ?? [])
        {
            var started = s?["state"]?["running"]?["startedAt"]?.GetValue<string>() ?? stamp;
            s!["ready"] = false;
            s["started"] = false;
            s["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed", ["startedAt"] = started, ["finishedAt"] = stamp } };
        }

        return status;
    }

    /// <summary>How long the pod runs before it completes, or null for pods that run until deleted.</summary>
    public static TimeSpan? RunTime(JsonObject pod, TimeSpan jobDefault)
    {
        if (pod["metadata"]?["annotations"]?[RunSecondsAnnotation]?.GetValue<string>() is { } text
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var ownedByJob = (pod["metadata"]?["ownerReferences"] as JsonArray ?? []).Any(o => o?["kind"]?.GetValue<string>() == "Job");
        return ownedByJob ? jobDefault : null;
    }

    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Condition(string type, string status, string? reason, string? message, string stamp)
    {
        var condition = new JsonObject { ["type"] = type, ["status"] = status, ["lastProbeTime"] = null, ["lastTransitionTime"] = stamp };
        if (reason is not null)
        {
            condition["reason"] = reason;
            condition["message"] = message;
            condition["lastHeartbeatTime"] = stamp;
            condition.Remove("lastProbeTime");
        }

        return condition;
    }
}
