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
        var spec = Spec(obj);
        PodDefaults.ApplyToSpec(spec);
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodQos.Of(spec) };
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old) => PodDefaults.ApplyToSpec(Spec(obj));

    private static JsonObject Spec(JsonObject obj)
    {
        if (obj["spec"] is not JsonObject spec)
        {
            spec = [];
            obj["spec"] = spec;
        }

        return spec;
    }
}
