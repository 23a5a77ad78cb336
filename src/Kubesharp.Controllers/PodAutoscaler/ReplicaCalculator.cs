using System.Text.Json.Nodes;
using Kubesharp.Api.Quantities;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>
/// Upstream's replica calculation for resource metrics: desired = ceil(ready pods × usage / target),
/// unless within the tolerance (10%). Pods being deleted or failed are ignored; pending pods and,
/// for cpu, pods not yet ready (or still initialising) are left out, and count as 0 usage only when
/// that could not reverse a scale-up; pods without metrics count as 0 on a scale-up and as full
/// (100% of request, or the target) on a scale-down, so missing data never amplifies a decision.
/// </summary>
internal static class ReplicaCalculator
{
    public const double Tolerance = 0.1;
    private static readonly TimeSpan CpuInitializationPeriod = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan InitialReadinessDelay = TimeSpan.FromSeconds(30);

    /// <exception cref="InvalidOperationException">No pods, no usable metrics, or a pod without a request (Utilization); upstream's message.</exception>
    public static ReplicaProposal Compute(MetricTarget target, int currentReplicas, IReadOnlyList<JsonObject> pods, IReadOnlyDictionary<string, PodUsage> usage, DateTimeOffset now)
    {
        if (pods.Count == 0)
        {
            throw new InvalidOperationException("no pods returned by selector while calculating replica count");
        }

        var metrics = new Dictionary<string, long>(StringComparer.Ordinal);
        var unready = new List<string>();
        var missing = new List<string>();
        var ready = 0;
        var timestamp = DateTimeOffset.MinValue;
        foreach (var pod in pods)
        {
            var name = Json.Str(pod, "metadata", "name")!;
            var phase = Json.Str(pod, "status", "phase");
            if (Json.Str(pod, "metadata", "deletionTimestamp") is not null || phase == "Failed")
            {
                continue;
            }

            if (phase == "Pending")
            {
                unready.Add(name);
                continue;
            }

            if (!usage.TryGetValue(name, out var sample) || sample.Milli(target.Container) is not { } value)
            {
                missing.Add(name);
                continue;
            }

            if (target.Resource == "cpu" && IsUnreadyForCpu(pod, sample, now))
            {
                unready.Add(name);
                continue;
            }

            metrics[name] = value;
            timestamp = sample.Timestamp > timestamp ? sample.Timestamp : timestamp;
            ready++;
        }

        if (metrics.Count == 0)
        {
            throw new InvalidOperationException("did not receive metrics for targeted pods (pods might be unready)");
        }

        var requests = target.Utilization is null ? null : Requests(pods, target);
        var (ratio, utilization, average) = Ratio(metrics, requests, target);
        var scaleUpWithUnready = unready.Count > 0 && ratio > 1.0;
        if (!scaleUpWithUnready && missing.Count == 0)
        {
            var replicas = Math.Abs(1.0 - ratio) <= Tolerance ? currentReplicas : (int)Math.Ceiling(ratio * ready);
            return new ReplicaProposal(replicas, utilization, average, timestamp);
        }

        foreach (var name in missing)
        {
            metrics[name] = ratio < 1.0 ? FallbackUsage(name, requests, target) : 0;
        }

        if (scaleUpWithUnready)
        {
            foreach (var name in unready)
            {
                metrics[name] = 0;
            }
        }

        var (newRatio, _, _) = Ratio(metrics, requests, target);
        if (Math.Abs(1.0 - newRatio) <= Tolerance || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0))
        {
            return new ReplicaProposal(currentReplicas, utilization, average, timestamp);
        }

        var proposed = (int)Math.Ceiling(newRatio * metrics.Count);
        if ((newRatio < 1.0 && proposed > currentReplicas) || (newRatio > 1.0 && proposed < currentReplicas))
        {
            proposed = currentReplicas;
        }

        return new ReplicaProposal(proposed, utilization, average, timestamp);
    }

    /// <summary>A missing pod on a scale-down uses all its request (or the target, if above 100%), or exactly the average target.</summary>
    private static long FallbackUsage(string pod, Dictionary<string, long>? requests, MetricTarget target) =>
        requests is null ? target.AverageMilli!.Value : requests.GetValueOrDefault(pod) * Math.Max(100, target.Utilization!.Value) / 100;

    /// <summary>Usage over target: utilization = Σusage×100/Σrequest (whole percent), or average usage over the average target.</summary>
    private static (double Ratio, int? Utilization, long Average) Ratio(Dictionary<string, long> metrics, Dictionary<string, long>? requests, MetricTarget target)
    {
        if (requests is null)
        {
            var average = metrics.Values.Sum() / metrics.Count;
            return ((double)average / target.AverageMilli!.Value, null, average);
        }

        long used = 0, requested = 0, counted = 0;
        foreach (var (pod, value) in metrics)
        {
            if (requests.TryGetValue(pod, out var request))
            {
                used += value;
                requested += request;
                counted++;
            }
        }

        if (requested == 0)
        {
            throw new InvalidOperationException("no metrics returned matched known pods");
        }

        var utilization = (int)(used * 100 / requested);
        return ((double)utilization / target.Utilization!.Value, utilization, used / counted);
    }

    private static Dictionary<string, long> Requests(IReadOnlyList<JsonObject> pods, MetricTarget target)
    {
        var requests = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var name = Json.Str(pod, "metadata", "name")!;
            long total = 0;
            foreach (var container in pod["spec"]?["containers"] as JsonArray ?? [])
            {
                var containerName = Json.Str(container, "name");
                if (target.Container is not null && containerName != target.Container)
                {
                    continue;
                }

                if (Quantity.Text(container?["resources"]?["requests"]?[target.Resource]) is not { } request)
                {
                    throw new InvalidOperationException($"missing request for {target.Resource} in container {containerName} of Pod {name}");
                }

                total += Quantity.Milli(request);
            }

            requests[name] = total;
        }

        return requests;
    }

    /// <summary>
    /// cpu of a pod that just started is noisy: while initialising it counts only once Ready and sampled
    /// after becoming so; afterwards it is unready only if it went unready soon after starting.
    /// </summary>
    private static bool IsUnreadyForCpu(JsonObject pod, PodUsage sample, DateTimeOffset now)
    {
        var ready = Pods.ReadyCondition(pod);
        var started = Json.Time(pod, "status", "startTime");
        if (ready is null || started is null)
        {
            return true;
        }

        var transition = Json.Time(ready, "lastTransitionTime") ?? started.Value;
        var notReady = Json.Str(ready, "status") == "False";
        return started.Value + CpuInitializationPeriod > now
            ? notReady || sample.Timestamp < transition + sample.Window
            : notReady && started.Value + InitialReadinessDelay > transition;
    }
}
