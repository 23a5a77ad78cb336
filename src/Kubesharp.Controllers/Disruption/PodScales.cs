using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.Disruption;

/// <summary>
/// How many pods the controllers of a budget's pods want (upstream's finders): a ReplicaSet's
/// replicas, or its Deployment's when it has one; a StatefulSet's or ReplicationController's replicas.
/// </summary>
internal sealed class PodScales
{
    private readonly IInformer _replicaSets;
    private readonly IInformer _deployments;
    private readonly IInformer _statefulSets;
    private readonly IInformer _controllers;

    /// <param name="changed">Called with a controller whose scale changed, to look at its namespace's budgets again.</param>
    public PodScales(ISharedInformers informers, Action<JsonObject> changed)
    {
        _replicaSets = informers.For(BuiltInResources.Get("apps", "replicasets"));
        _deployments = informers.For(BuiltInResources.Get("apps", "deployments"));
        _statefulSets = informers.For(BuiltInResources.Get("apps", "statefulsets"));
        _controllers = informers.For(BuiltInResources.Get("", "replicationcontrollers"));
        var handler = new InformerHandler { OnAdd = changed, OnUpdate = (_, o) => changed(o), OnDelete = changed };
        foreach (var informer in new[] { _replicaSets, _deployments, _statefulSets, _controllers })
        {
            informer.AddHandler(handler);
        }
    }

    /// <summary>The sum of the replicas of every distinct controller of <paramref name="pods"/>, or why it cannot be known.</summary>
    public (int Expected, string? Failure) Expected(IReadOnlyList<JsonObject> pods)
    {
        var scales = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var name = Json.Str(pod, "metadata", "name");
            if (OwnerReferences.Controller(pod) is not { } owner)
            {
                return (0, $"found no controller ref for pod \"{name}\"");
            }

            if (Scale(Json.Str(pod, "metadata", "namespace")!, owner) is not { } found)
            {
                return (0, $"found no controllers for pod \"{name}\"");
            }

            scales[found.Uid] = found.Replicas;
        }

        return (scales.Values.Sum(), null);
    }

    private (string Uid, int Replicas)? Scale(string ns, JsonObject owner)
    {
        var informer = Json.Str(owner, "kind") switch
        {
            "ReplicaSet" => _replicaSets,
            "StatefulSet" => _statefulSets,
            "ReplicationController" => _controllers,
            _ => null,
        };
        if (informer?.Store.Get(ObjectKeys.Key(ns, Json.Str(owner, "name")!)) is not { } controller || Json.Str(controller, "metadata", "uid") != Json.Str(owner, "uid"))
        {
            return null;
        }

        // A Deployment's ReplicaSets share its scale: count the Deployment once.
        if (informer == _replicaSets && OwnerReferences.Controller(controller) is { } parent && Json.Str(parent, "kind") == "Deployment")
        {
            return _deployments.Store.Get(ObjectKeys.Key(ns, Json.Str(parent, "name")!)) is { } deployment && Json.Str(deployment, "metadata", "uid") == Json.Str(parent, "uid")
                ? (Json.Str(parent, "uid")!, (int)(Json.Int(deployment, "spec", "replicas") ?? 1))
                : null;
        }

        return (Json.Str(owner, "uid")!, (int)(Json.Int(controller, "spec", "replicas") ?? 1));
    }
}
