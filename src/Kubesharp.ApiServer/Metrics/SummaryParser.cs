using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Metrics;

/// <summary>
/// Reads the kubelet Summary API (<c>/stats/summary</c>) into usage. Like metrics-server, a node or
/// container without a cpu rate or working set yet is left out rather than reported as zero.
/// </summary>
internal static class SummaryParser
{
    public static NodeUsage? Parse(JsonNode? summary, string nodeName)
    {
        if (summary is not JsonObject root || root["node"] is not JsonObject node || !TryUsage(node, out var nodeCores, out var nodeMemory, out var nodeTime))
        {
            return null;
        }

        var pods = new List<PodUsage>();
        if (root["pods"] is JsonArray items)
        {
            foreach (var pod in items.OfType<JsonObject>())
            {
                if (pod["podRef"] is not JsonObject podRef || podRef["name"]?.GetValue<string>() is not { } name)
                {
                    continue;
                }

                var containers = new List<ContainerUsage>();
                var time = DateTimeOffset.MinValue;
                var complete = true;
                foreach (var container in (pod["containers"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (!TryUsage(container, out var cores, out var memory, out var at))
                    {
                        complete = false;
                        break;
                    }

                    containers.Add(new ContainerUsage(container["name"]?.GetValue<string>() ?? "", cores, memory));
                    time = at > time ? at : time;
                }

                // A pod is reported whole or not at all: a partial sum would make kubectl top lie.
                if (complete && containers.Count > 0)
                {
                    pods.Add(new PodUsage(podRef["namespace"]?.GetValue<string>() ?? "", name, time, containers));
                }
            }
        }

        return new NodeUsage(nodeName, nodeTime, nodeCores, nodeMemory, pods);
    }

    private static bool TryUsage(JsonObject stats, out ulong nanoCores, out ulong workingSet, out DateTimeOffset time)
    {
        nanoCores = 0;
        workingSet = 0;
        time = default;
        if (stats["cpu"] is not JsonObject cpu || stats["memory"] is not JsonObject memory
            || cpu["usageNanoCores"] is not JsonValue cores || !cores.TryGetValue(out nanoCores)
            || memory["workingSetBytes"] is not JsonValue bytes || !bytes.TryGetValue(out workingSet))
        {
            return false;
        }

        var stamp = cpu["time"]?.GetValue<string>();
        time = stamp is not null && DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : DateTimeOffset.UnixEpoch;
        return true;
    }
}
