using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Pods;

/// <summary>Upstream's getPhase: the pod phase from its container statuses and restart policy (pure).</summary>
internal static class PodPhases
{
    public static string Of(string restartPolicy, IReadOnlyList<JsonObject> initStatuses, int initCount, IReadOnlyList<JsonObject> statuses, int containerCount)
    {
        int pendingInit = 0, failedInit = 0;
        foreach (var status in initStatuses)
        {
            var state = status["state"];
            if (state?["running"] is not null)
            {
                pendingInit++;
            }
            else if (state?["terminated"] is { } terminated)
            {
                if (ExitCode(terminated) != 0)
                {
                    failedInit++;
                }
            }
            else if (status["lastState"]?["terminated"] is { } last)
            {
                if (ExitCode(last) != 0)
                {
                    failedInit++;
                }
            }
            else
            {
                pendingInit++;
            }
        }

        pendingInit += initCount - initStatuses.Count;
        if (failedInit > 0 && restartPolicy == "Never")
        {
            return "Failed";
        }

        if (pendingInit > 0 || failedInit > 0)
        {
            return "Pending";
        }

        int running = 0, waiting = 0, stopped = 0, succeeded = 0;
        foreach (var status in statuses)
        {
            var state = status["state"];
            if (state?["running"] is not null)
            {
                running++;
            }
            else if (state?["terminated"] is { } terminated)
            {
                stopped++;
                if (ExitCode(terminated) == 0)
                {
                    succeeded++;
                }
            }
            else if (status["lastState"]?["terminated"] is not null)
            {
                stopped++;
            }
            else
            {
                waiting++;
            }
        }

        var unknown = containerCount - statuses.Count;
        if (waiting > 0)
        {
            return "Pending";
        }

        if (running > 0)
        {
            return unknown == 0 ? "Running" : "Pending";
        }

        if (stopped == containerCount && containerCount > 0)
        {
            return restartPolicy switch
            {
                "Always" => "Running",
                "OnFailure" => stopped == succeeded ? "Succeeded" : "Running",
                _ => stopped == succeeded ? "Succeeded" : "Failed",
            };
        }

        return "Pending";
    }

    private static long ExitCode(JsonNode terminated) => PodView.Long(terminated["exitCode"]) ?? 0;
}
