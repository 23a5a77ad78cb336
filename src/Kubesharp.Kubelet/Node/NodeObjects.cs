using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Node;

/// <summary>The Node and Lease objects a kubelet writes, computed from <see cref="NodeFacts"/> (pure, for tests).</summary>
internal static class NodeObjects
{
    /// <summary>Upstream reports at most this many images in status.images (largest first).</summary>
    public const int MaxImages = 50;

    /// <param name="podCidr">The node's own range, or null to leave spec.podCIDR to the controller manager.</param>
    public static JsonObject Node(KubeletOptions options, NodeFacts facts, string? podCidr, DateTimeOffset now)
    {
        var arch = facts.Machine.Architecture;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = options.NodeName,
                ["labels"] = new JsonObject
                {
                    ["kubernetes.io/hostname"] = options.NodeName,
                    ["kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = arch,
                    ["beta.kubernetes.io/os"] = "linux",
                    ["beta.kubernetes.io/arch"] = arch,
                },
                ["annotations"] = new JsonObject
                {
                    ["node.alpha.kubernetes.io/ttl"] = "0",
                    ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
                },
            },
            ["spec"] = podCidr is null ? new JsonObject() : new JsonObject { ["podCIDR"] = podCidr, ["podCIDRs"] = new JsonArray(podCidr) },
            ["status"] = Status(options, facts, null, now),
        };
    }

    /// <summary>The node's status; conditions keep their lastTransitionTime from <paramref name="previous"/> while unchanged.</summary>
    public static JsonObject Status(KubeletOptions options, NodeFacts facts, JsonObject? previous, DateTimeOffset now)
    {
        var resources = new JsonObject
        {
            ["cpu"] = facts.Machine.CpuCores.ToString(CultureInfo.InvariantCulture),
            ["memory"] = Kibibytes(facts.Machine.MemoryBytes),
            ["pods"] = options.MaxPods.ToString(CultureInfo.InvariantCulture),
            ["ephemeral-storage"] = Kibibytes(facts.EphemeralStorageBytes),
        };
        var stamp = Stamp(now);
        var conditions = new JsonArray(
            Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", stamp, previous),
            Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", stamp, previous),
            Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", stamp, previous),
            Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", stamp, previous));
        return new JsonObject
        {
            ["capacity"] = resources.DeepClone(),
            ["allocatable"] = resources,
            ["conditions"] = conditions,
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = facts.InternalIp },
                new JsonObject { ["type"] = "Hostname", ["address"] = facts.Hostname }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = options.KubeletPort } },
            ["nodeInfo"] = new JsonObject
            {
                ["machineID"] = facts.Machine.MachineId,
                ["systemUUID"] = facts.Machine.MachineId,
                ["bootID"] = facts.Machine.BootId,
                ["kernelVersion"] = facts.Machine.KernelVersion,
                ["osImage"] = facts.Machine.OsImage,
                ["containerRuntimeVersion"] = RuntimeVersionText(facts.Runtime),
                ["kubeletVersion"] = options.KubeletVersion,
                ["kubeProxyVersion"] = options.KubeletVersion,
                ["operatingSystem"] = "linux",
                ["architecture"] = facts.Machine.Architecture,
            },
            ["images"] = Images(facts.Images),
        };
    }

    /// <summary>As upstream: "&lt;runtime name&gt;://&lt;version&gt;", e.g. containerd://1.6.20.</summary>
    public static string RuntimeVersionText(Cri.RuntimeVersion runtime) =>
        $"{runtime.RuntimeName}://{runtime.RuntimeVersionText.TrimStart('v')}";

    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonArray Images(IReadOnlyList<Cri.ImageInfo> images)
    {
        var result = new JsonArray();
        foreach (var image in images.OrderByDescending(i => i.SizeBytes).ThenBy(i => i.Id, StringComparer.Ordinal).Take(MaxImages))
        {
            var names = new JsonArray();
            foreach (var name in image.RepoDigests.Concat(image.RepoTags).Distinct(StringComparer.Ordinal))
            {
                names.Add((JsonNode)name);
            }

            if (names.Count == 0)
            {
                continue;
            }

            result.Add((JsonNode)new JsonObject { ["names"] = names, ["sizeBytes"] = (long)image.SizeBytes });
        }

        return result;
    }

    private static JsonObject Condition(string type, string status, string reason, string message, string stamp, JsonObject? previous)
    {
        var transition = stamp;
        foreach (var old in previous?["conditions"] as JsonArray ?? [])
        {
            if (old?["type"]?.GetValue<string>() == type && old["status"]?.GetValue<string>() == status
                && old["lastTransitionTime"]?.GetValue<string>() is { } kept)
            {
                transition = kept;
            }
        }

        return new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastHeartbeatTime"] = stamp,
            ["lastTransitionTime"] = transition,
            ["reason"] = reason,
            ["message"] = message,
        };
    }

    private static string Kibibytes(long bytes) => (bytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki";
}
