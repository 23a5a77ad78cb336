using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Selectors;

namespace Kubesharp.Controllers.ReplicaSets;

/// <summary>
/// What differs between ReplicaSets and ReplicationControllers (upstream runs one controller for
/// both the same way): the resource, how its selector is written, and the controller's name.
/// </summary>
internal sealed record ReplicaKind(ResourceType Type, string Kind, string ControllerName, Func<JsonObject, LabelSelector> Selector)
{
    public string ApiVersion => Type.ApiVersion;

    public static ReplicaKind ReplicaSets { get; } = new(
        BuiltInResources.Get("apps", "replicasets"),
        "ReplicaSet",
        "replicaset-controller",
        rs => rs["spec"]?["selector"] is JsonObject s ? LabelSelector.FromObject(s) : LabelSelector.Nothing);

    /// <summary>An RC's selector is a plain map, defaulted from the template's labels.</summary>
    public static ReplicaKind ReplicationControllers { get; } = new(
        BuiltInResources.Get("", "replicationcontrollers"),
        "ReplicationController",
        "replicationcontroller-controller",
        rc => (rc["spec"]?["selector"] ?? rc["spec"]?["template"]?["metadata"]?["labels"]) is JsonObject labels && labels.Count > 0
            ? LabelSelector.FromObject(new JsonObject { ["matchLabels"] = labels.DeepClone() })
            : LabelSelector.Nothing);
}
