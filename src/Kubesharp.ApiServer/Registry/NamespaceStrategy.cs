using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// Namespaces: phase Active and the "kubernetes" spec finalizer on create; a delete only marks the
/// namespace Terminating, and <see cref="NamespaceLifecycle"/> removes its contents, then it.
/// </summary>
internal sealed class NamespaceStrategy : DefaultStrategy
{
    public const string KubernetesFinalizer = "kubernetes";

    public NamespaceStrategy()
        : base(hasStatusSubresource: true, returnDeletedObject: true)
    {
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        base.PrepareForCreate(obj);
        obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray(KubernetesFinalizer) };
        obj["status"] = new JsonObject { ["phase"] = "Active" };
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        // spec.finalizers is changed only through /finalize upstream; a plain update keeps it.
        obj["spec"] = old["spec"]?.DeepClone();
    }

    public override bool PrepareForDelete(JsonObject obj)
    {
        if (obj["status"] is not JsonObject status)
        {
            status = [];
            obj["status"] = status;
        }

        status["phase"] = "Terminating";
        return obj["spec"] is JsonObject spec && spec["finalizers"] is JsonArray { Count: > 0 };
    }
}
