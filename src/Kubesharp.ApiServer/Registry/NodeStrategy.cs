using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// Nodes, as upstream's nodeStrategy: every field, status included, may be set on create (a kubelet
/// registers its node with capacity and conditions in one request); later only /status writes status.
/// </summary>
internal sealed class NodeStrategy() : DefaultStrategy(hasStatusSubresource: true, returnDeletedObject: false)
{
    public override void PrepareForCreate(JsonObject obj) => ApplyDefaults(obj);
}
