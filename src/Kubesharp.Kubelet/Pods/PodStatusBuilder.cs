using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Node;

namespace Kubesharp.Kubelet.Pods;

/// <summary>
/// Computes a pod's status as upstream's kubelet reports it (generateAPIPodStatus) from the pod, the
/// runtime's view of it and the worker's waiting reasons. Pure: equal inputs give equal JSON, so an
/// unchanged pod is not written again. Fields the kubelet does not own (qosClass, nominatedNodeName,
/// conditions of other writers such as PodScheduled) are kept from the current status.
/// </summary>
internal static class PodStatusBuilder
{
    private static readonly string[] OwnConditions = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady"];

    public static JsonObject Build(PodView pod, PodObservation observed, StatusInputs inputs)
    {
        var old = pod.Status;
        var status = (JsonObject)old.DeepClone();
        var initStatuses = pod.InitContainers.Select(c => ContainerStatus(pod, c, observed, inputs, init: true, initDone: true)).ToList();
        var initDone = initStatuses.All(s => s["state"]?["terminated"] is { } t && (PodView.Long(t["exitCode"]) ?? 0) == 0);
        var statuses = pod.Containers.Select(c => ContainerStatus(pod, c, observed, inputs, init: false, initDone)).ToList();

        var phase = pod.IsTerminal ? pod.Phase : PodPhases.Of(pod.RestartPolicy, initStatuses, initStatuses.Count, statuses, statuses.Count);
        status["phase"] = phase;
        var stamp = NodeObjects.Stamp(inputs.Now);
        var terminal = phase is "Succeeded" or "Failed";

        var notReady = statuses.Where(s => s["ready"]?.GetValue<bool>() != true).Select(s => PodView.Str(s["name"])).ToList();
        var notInitialized = pod.InitContainers.Select(PodView.ContainerName)
            .Where((_, i) => initStatuses[i]["state"]?["terminated"] is not { } t || (PodView.Long(t["exitCode"]) ?? 0) != 0).ToList();
        var conditions = new List<JsonObject>
        {
            Condition(old, "PodReadyToStartContainers", observed.SandboxReady, null, null, stamp),
            Condition(old, "Initialized", notInitialized.Count == 0 || terminal && initDone, "ContainersNotInitialized", $"containers with incomplete status: [{string.Join(' ', notInitialized)}]", stamp),
        };
        var containersReady = !terminal && notReady.Count == 0;
        var (reason, message) = terminal ? ("PodCompleted", (string?)null) : ("ContainersNotReady", $"containers with unready status: [{string.Join(' ', notReady)}]");
        var gatesMissing = ReadinessGatesNotReady(pod, old);
        var ready = containersReady && gatesMissing.Count == 0;
        var (readyReason, readyMessage) = containersReady && gatesMissing.Count > 0
            ? ("ReadinessGatesNotReady", $"corresponding condition of pod readiness gate \"{gatesMissing[0]}\" does not exist.")
            : (reason, message);
        conditions.Add(Condition(old, "Ready", ready, readyReason, readyMessage, stamp));
        conditions.Add(Condition(old, "ContainersReady", containersReady, reason, message, stamp));
        var merged = new JsonArray();
        foreach (var c in conditions)
        {
            merged.Add((JsonNode)c);
        }

        foreach (var other in (old["conditions"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (!OwnConditions.Contains(PodView.Str(other["type"])))
            {
                merged.Add(other.DeepClone());
            }
        }

        status["conditions"] = merged;
        status["hostIP"] = inputs.HostIp;
        status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = inputs.HostIp });
        var podIps = PodIps(pod, observed, inputs);
        if (podIps.Count > 0)
        {
            status["podIP"] = podIps[0];
            status["podIPs"] = new JsonArray(podIps.Select(ip => (JsonNode)new JsonObject { ["ip"] = ip }).ToArray());
        }

        status["startTime"] ??= stamp;
        status["containerStatuses"] = new JsonArray(statuses.Select(s => (JsonNode)s).ToArray());
        if (initStatuses.Count > 0)
        {
            status["initContainerStatuses"] = new JsonArray(initStatuses.Select(s => (JsonNode)s).ToArray());
        }
        else
        {
            status.Remove("initContainerStatuses");
        }

        return status;
    }

    /// <summary>The sandbox's IPs; host-network pods have the node's; a stopped sandbox keeps what the status had.</summary>
    private static List<string> PodIps(PodView pod, PodObservation observed, StatusInputs inputs)
    {
        if (pod.HostNetwork)
        {
            return [inputs.HostIp];
        }

        if (observed.Sandbox is { Ip.Length: > 0 } sandbox)
        {
            return [sandbox.Ip, .. sandbox.AdditionalIps];
        }

        return PodView.Str(pod.Status["podIP"]) is { Length: > 0 } kept ? [kept] : [];
    }

    private static JsonObject ContainerStatus(PodView pod, JsonObject container, PodObservation observed, StatusInputs inputs, bool init, bool initDone)
    {
        var name = PodView.ContainerName(container);
        var instances = observed.Instances(name);
        var latest = instances.Count > 0 ? instances[0] : null;
        var previous = instances.Count > 1 ? instances[1] : null;
        inputs.Waiting.TryGetValue(name, out var waiting);
        JsonObject state;
        JsonObject lastState = previous is null ? [] : new JsonObject { ["terminated"] = Terminated(previous, inputs.RuntimeName) };
        var running = false;
        switch (latest?.State)
        {
            case ContainerState.Running:
                running = true;
                state = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Stamp(latest.StartedAt ?? latest.CreatedAt) } };
                break;
            case ContainerState.Exited when waiting is not null:
                state = Waiting(waiting.Reason, waiting.Message);
                lastState = new JsonObject { ["terminated"] = Terminated(latest, inputs.RuntimeName) };
                break;
            case ContainerState.Exited:
                state = new JsonObject { ["terminated"] = Terminated(latest, inputs.RuntimeName) };
                break;
            default:
                state = waiting is not null ? Waiting(waiting.Reason, waiting.Message)
                    : Waiting(init || initDone ? "ContainerCreating" : "PodInitializing", null);
                break;
        }

        var status = new JsonObject
        {
            ["name"] = name,
            ["image"] = PodView.Str(container["image"]) ?? "",
            ["imageID"] = latest?.ImageRef ?? "",
            ["ready"] = running && !init && inputs.IsReady(name),
            ["restartCount"] = (int)(latest?.Attempt ?? 0),
            ["started"] = running && inputs.IsStarted(name),
            ["state"] = state,
            ["lastState"] = lastState,
        };
        if (latest is not null)
        {
            status["containerID"] = $"{inputs.RuntimeName}://{latest.Id}";
        }

        _ = pod;
        return status;
    }

    private static JsonObject Terminated(ContainerInfo c, string runtime)
    {
        var reason = c.Reason is { Length: > 0 } r ? r : c.ExitCode == 0 ? "Completed" : "Error";
        var terminated = new JsonObject
        {
            ["exitCode"] = c.ExitCode,
            ["reason"] = reason,
            ["startedAt"] = c.StartedAt is { } s && s > DateTimeOffset.UnixEpoch ? Stamp(s) : null,
            ["finishedAt"] = c.FinishedAt is { } f && f > DateTimeOffset.UnixEpoch ? Stamp(f) : null,
            ["containerID"] = $"{runtime}://{c.Id}",
        };
        if (c.Message.Length > 0)
        {
            terminated["message"] = c.Message;
        }

        return terminated;
    }

    private static JsonObject Waiting(string reason, string? message)
    {
        var waiting = new JsonObject { ["reason"] = reason };
        if (!string.IsNullOrEmpty(message))
        {
            waiting["message"] = message;
        }

        return new JsonObject { ["waiting"] = waiting };
    }

    private static List<string> ReadinessGatesNotReady(PodView pod, JsonObject old)
    {
        var missing = new List<string>();
        foreach (var gate in (pod.Spec["readinessGates"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var type = PodView.Str(gate["conditionType"]) ?? "";
            var found = (old["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c => PodView.Str(c["type"]) == type && PodView.Str(c["status"]) == "True") == true;
            if (!found)
            {
                missing.Add(type);
            }
        }

        return missing;
    }

    /// <summary>A condition; it keeps its lastTransitionTime while its status stays the same.</summary>
    private static JsonObject Condition(JsonObject old, string type, bool isTrue, string? reason, string? message, string stamp)
    {
        var value = isTrue ? "True" : "False";
        var previous = (old["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => PodView.Str(c["type"]) == type);
        var transition = previous is not null && PodView.Str(previous["status"]) == value ? PodView.Str(previous["lastTransitionTime"]) ?? stamp : stamp;
        var condition = new JsonObject { ["type"] = type, ["status"] = value, ["lastProbeTime"] = null, ["lastTransitionTime"] = transition };
        if (!isTrue && reason is not null)
        {
            condition["reason"] = reason;
            if (message is not null)
            {
                condition["message"] = message;
            }
        }

        return condition;
    }

    private static string Stamp(DateTimeOffset at) => NodeObjects.Stamp(at);
}
