using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>Pods: spec defaults on every write, and on create a fresh status of phase Pending with its QoS class.</summary>
internal sealed class PodStrategy : DefaultStrategy
{
    public PodStrategy()
        : base(hasStatusSubresource: true, returnDeletedObject: true)
    {
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodQos.Of(Child(obj, "spec")) };
    }

    protected override void ApplyDefaults(JsonObject obj) => PodDefaults.ApplyToSpec(Child(obj, "spec"));
}
