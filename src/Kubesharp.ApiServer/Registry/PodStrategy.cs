using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// Pods: spec defaults on every write, on create a fresh status of phase Pending with its QoS class,
/// and graceful deletion of pods a node runs.
/// </summary>
internal sealed class PodStrategy : DefaultStrategy, IGracefulDeletion
{
    private const long DefaultTerminationGracePeriodSeconds = 30;

    public PodStrategy()
        : base(hasStatusSubresource: true, returnDeletedObject: true)
    {
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodQos.Of(Child(obj, "spec")) };
    }

    /// <summary>What Priority admission set at creation stays when an update leaves it out (upstream refuses changing it).</summary>
    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        base.PrepareForUpdate(obj, old);
        if (old["spec"] is not JsonObject oldSpec)
        {
            return;
        }

        var spec = Child(obj, "spec");
        foreach (var field in new[] { "priorityClassName", "priority", "preemptionPolicy" })
        {
            if (spec[field] is null && oldSpec[field] is { } value)
            {
                spec[field] = value.DeepClone();
            }
        }
    }

    protected override void ApplyDefaults(JsonObject obj) => PodDefaults.ApplyToSpec(Child(obj, "spec"));

    /// <summary>
    /// As upstream's podStrategy.CheckGracefulDelete: the request's period, else the pod's
    /// terminationGracePeriodSeconds; 0 for a pod no node runs or one that has finished.
    /// </summary>
    public long GracePeriodSeconds(JsonObject obj, long? requested)
    {
        var spec = obj["spec"] as JsonObject;
        var period = requested
            ?? (spec?["terminationGracePeriodSeconds"] is JsonValue v && v.TryGetValue<long>(out var fromSpec) ? fromSpec : DefaultTerminationGracePeriodSeconds);
        if (spec?["nodeName"] is not JsonValue node || node.GetValue<string>().Length == 0)
        {
            return 0;
        }

        if (obj["status"]?["phase"] is JsonValue phase && phase.GetValue<string>() is "Succeeded" or "Failed")
        {
            return 0;
        }

        // A negative period means "the smallest one" (upstream turns it into 1 second).
        return period < 0 ? 1 : period;
    }
}
