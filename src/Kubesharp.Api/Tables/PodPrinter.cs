using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Tables;

/// <summary>
/// Pods as upstream's printPod shows them: READY counts, the STATUS reason (init progress, waiting
/// and terminated reasons, Terminating, ...) and RESTARTS with the time of the last one.
/// </summary>
internal static class PodPrinter
{
    public static TablePrinter Printer { get; } = new(
        [
            Columns.Name,
            Columns.Text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Columns.Text("Status", "The aggregate status of the containers in this pod."),
            Columns.Text("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            Columns.Age,
            Columns.Text("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
            Columns.Text("Node", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename", 1),
            Columns.Text("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.", 1),
            Columns.Text("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates", 1),
        ],
        Cells)
    {
        Conditions = RowConditions,
    };

    private static JsonArray? RowConditions(JsonObject pod) => Json.Str(pod, "status", "phase") switch
    {
        // new JsonArray(node), not a collection expression: that binds to the generic Add<T>, which Native AOT rejects.
        "Succeeded" => new JsonArray(new JsonObject { ["type"] = "Completed", ["status"] = "True", ["reason"] = "Succeeded", ["message"] = "The pod has completed successfully." }),
        "Failed" => new JsonArray(new JsonObject { ["type"] = "Completed", ["status"] = "True", ["reason"] = "Failed", ["message"] = "The pod failed." }),
        _ => null,
    };

    private static JsonNode?[] Cells(JsonObject pod, PrintContext context)
    {
        var restarts = 0L;
        var restartableInitRestarts = 0L;
        var totalContainers = Json.Count(pod, "spec", "containers");
        var readyContainers = 0;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastRestartableInitRestart = null;

        var phase = Json.Str(pod, "status", "phase");
        var reason = Json.Str(pod, "status", "reason") is { Length: > 0 } statusReason ? statusReason : phase;

        foreach (var condition in Json.Objects(pod, "status", "conditions"))
        {
            if (Json.Str(condition, "type") == "PodScheduled" && Json.Str(condition, "reason") == "SchedulingGated")
            {
                reason = "SchedulingGated";
            }
        }

        var initContainers = Json.Objects(pod, "spec", "initContainers").ToList();
        var restartable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var init in initContainers)
        {
            if (Json.Str(init, "restartPolicy") == "Always")
            {
                restartable.Add(Json.Str(init, "name"));
                totalContainers++;
            }
        }

        var initializing = false;
        var index = 0;
        foreach (var container in Json.Objects(pod, "status", "initContainerStatuses"))
        {
            var i = index++;
            var count = Json.Int(container, "restartCount");
            restarts += count;
            var finished = Json.Time(container, "lastState", "terminated", "finishedAt");
            if (Json.Has(container, "lastState", "terminated"))
            {
                lastRestart = Later(lastRestart, finished);
            }

            var isRestartable = restartable.Contains(Json.Str(container, "name"));
            if (isRestartable)
            {
                restartableInitRestarts += count;
                if (Json.Has(container, "lastState", "terminated"))
                {
                    lastRestartableInitRestart = Later(lastRestartableInitRestart, finished);
                }
            }

            var terminated = Json.At(container, "state", "terminated") as JsonObject;
            var waitingReason = Json.Str(container, "state", "waiting", "reason");
            if (terminated is not null && Json.Int(terminated, "exitCode") == 0)
            {
                continue;
            }

            if (isRestartable && Json.Bool(container, "started"))
            {
                if (Json.Bool(container, "ready"))
                {
                    readyContainers++;
                }

                continue;
            }

            if (terminated is not null)
            {
                reason = Json.Str(terminated, "reason") is { Length: > 0 } r ? "Init:" + r
                    : Json.Int(terminated, "signal") != 0 ? Invariant($"Init:Signal:{Json.Int(terminated, "signal")}")
                    : Invariant($"Init:ExitCode:{Json.Int(terminated, "exitCode")}");
            }
            else if (waitingReason.Length > 0 && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = Invariant($"Init:{i}/{initContainers.Count}");
            }

            initializing = true;
            break;
        }

        if (!initializing || IsInitialized(pod))
        {
            restarts = restartableInitRestarts;
            lastRestart = lastRestartableInitRestart;
            var hasRunning = false;
            var statuses = Json.Objects(pod, "status", "containerStatuses").ToList();
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += Json.Int(container, "restartCount");
                if (Json.Has(container, "lastState", "terminated"))
                {
                    lastRestart = Later(lastRestart, Json.Time(container, "lastState", "terminated", "finishedAt"));
                }

                var terminated = Json.At(container, "state", "terminated") as JsonObject;
                if (Json.Str(container, "state", "waiting", "reason") is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (terminated is not null && Json.Str(terminated, "reason") is { Length: > 0 } terminatedReason)
                {
                    reason = terminatedReason;
                }
                else if (terminated is not null)
                {
                    reason = Json.Int(terminated, "signal") != 0
                        ? Invariant($"Signal:{Json.Int(terminated, "signal")}")
                        : Invariant($"ExitCode:{Json.Int(terminated, "exitCode")}");
                }
                else if (Json.Bool(container, "ready") && Json.Has(container, "state", "running"))
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }

            // A pod whose last container completed but another still runs is Running (or NotReady).
            if (reason == "Completed" && hasRunning)
            {
                reason = HasCondition(pod, "Ready") ? "Running" : "NotReady";
            }
        }

        var deleting = Json.Has(pod, "metadata", "deletionTimestamp");
        if (deleting && Json.Str(pod, "status", "reason") == "NodeLost")
        {
            reason = "Unknown";
        }
        else if (deleting && phase is not ("Failed" or "Succeeded"))
        {
            reason = "Terminating";
        }

        var restartsText = restarts.ToString(CultureInfo.InvariantCulture);
        if (restarts != 0 && lastRestart is not null)
        {
            restartsText = Invariant($"{restarts} ({context.Since(lastRestart)} ago)");
        }

        var podIP = Json.Objects(pod, "status", "podIPs").FirstOrDefault() is { } firstIP ? Json.Str(firstIP, "ip") : Json.Str(pod, "status", "podIP");
        return
        [
            Json.Str(pod, "metadata", "name"),
            Invariant($"{readyContainers}/{totalContainers}"),
            reason,
            restartsText,
            context.Age(pod),
            OrNone(podIP),
            OrNone(Json.Str(pod, "spec", "nodeName")),
            OrNone(Json.Str(pod, "status", "nominatedNodeName")),
            ReadinessGates(pod),
        ];
    }

    private static string ReadinessGates(JsonObject pod)
    {
        var gates = Json.Objects(pod, "spec", "readinessGates").ToList();
        if (gates.Count == 0)
        {
            return "<none>";
        }

        var conditions = Json.Objects(pod, "status", "conditions").ToList();
        var satisfied = gates.Count(gate =>
            conditions.FirstOrDefault(c => Json.Str(c, "type") == Json.Str(gate, "conditionType")) is { } c && Json.Str(c, "status") == "True");
        return Invariant($"{satisfied}/{gates.Count}");
    }

    private static bool IsInitialized(JsonObject pod) =>
        Json.Objects(pod, "status", "conditions").Any(c => Json.Str(c, "type") == "Initialized" && Json.Str(c, "status") == "True");

    private static bool HasCondition(JsonObject pod, string type) =>
        Json.Objects(pod, "status", "conditions").Any(c => Json.Str(c, "type") == type && Json.Str(c, "status") == "True");

    // Go compares zero times too: a terminated state without finishedAt never moves the date.
    private static DateTimeOffset? Later(DateTimeOffset? current, DateTimeOffset? candidate) =>
        candidate is not null && (current is null || candidate > current) ? candidate : current;

    private static string OrNone(string value) => value.Length == 0 ? "<none>" : value;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
