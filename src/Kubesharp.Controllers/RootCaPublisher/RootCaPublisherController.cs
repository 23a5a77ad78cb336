using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Manager;

namespace Kubesharp.Controllers.RootCaPublisher;

/// <summary>
/// Upstream's root-ca-cert-publisher: every active namespace has a <c>kube-root-ca.crt</c>
/// ConfigMap whose <c>ca.crt</c> is the cluster CA, so pods (projected service account volumes)
/// can verify the API server; recreated when deleted, corrected when edited. Idle when the
/// manager was given no CA.
/// </summary>
internal sealed class RootCaPublisherController(ControllerManagerOptions options) : ReconcilingController("root-ca-cert-publisher", "Kubesharp.Controllers.RootCaPublisher", options.Workers)
{
    public const string ConfigMapName = "kube-root-ca.crt";
    private const string Description = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";
    private static readonly ResourceType Namespaces = BuiltInResources.Get("", "namespaces");
    private static readonly ResourceType ConfigMaps = BuiltInResources.Get("", "configmaps");
    private IInformer _namespaces = null!;
    private IInformer _configMaps = null!;

    protected override void Watch(ControllerContext context)
    {
        if (options.RootCaCertificate is null)
        {
            return;
        }

        _namespaces = context.Informers.For(Namespaces);
        _configMaps = context.Informers.For(ConfigMaps);
        _namespaces.AddHandler(InformerHandler.ForKeys(Loop.Queue.Add));
        _configMaps.AddHandler(new InformerHandler
        {
            OnUpdate = (_, cm) => EnqueueNamespaceOf(cm),
            OnDelete = EnqueueNamespaceOf,
        });
    }

    public override Task RunAsync(CancellationToken cancellationToken) =>
        options.RootCaCertificate is null ? Task.CompletedTask : base.RunAsync(cancellationToken);

    /// <summary>The key is a namespace name.</summary>
    public override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var ca = options.RootCaCertificate!;
        if (_namespaces.Store.Get(key) is not { } ns || Json.Str(ns, "metadata", "deletionTimestamp") is not null || Json.Str(ns, "status", "phase") == "Terminating")
        {
            return;
        }

        try
        {
            if (_configMaps.Store.Get(ObjectKeys.Key(key, ConfigMapName)) is not { } existing)
            {
                await Client.CreateAsync(ConfigMaps, key, new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "ConfigMap",
                    ["metadata"] = new JsonObject
                    {
                        ["name"] = ConfigMapName,
                        ["annotations"] = new JsonObject { ["kubernetes.io/description"] = Description },
                    },
                    ["data"] = new JsonObject { ["ca.crt"] = ca },
                }, cancellationToken);
                return;
            }

            if (Json.Str(existing, "data", "ca.crt") != ca || existing["data"] is JsonObject { Count: > 1 })
            {
                var updated = (JsonObject)existing.DeepClone();
                updated["data"] = new JsonObject { ["ca.crt"] = ca };
                await Client.UpdateAsync(ConfigMaps, updated, cancellationToken);
            }
        }
        catch (ApiException e) when (e.Code is 409 or 403 or 404)
        {
            // raced with another writer, or the namespace is going away: the next event looks again
        }
    }

    private void EnqueueNamespaceOf(JsonObject cm)
    {
        if (Json.Str(cm, "metadata", "name") == ConfigMapName && Json.Str(cm, "metadata", "namespace") is { } ns)
        {
            Loop.Queue.Add(ns);
        }
    }
}
