using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;

namespace Kubesharp.Client.Nodes;

/// <summary>
/// A node's heartbeat, as upstream's kubelet sends it: the Lease named after the node in
/// kube-node-lease, renewed by a merge patch of renewTime, created when missing. Shared by the
/// real kubelet and the hollow nodes so both look the same to the node lifecycle controller.
/// </summary>
public static class NodeLeases
{
    /// <summary>Upstream's default lease duration (the kubelet's nodeLeaseDurationSeconds).</summary>
    public const int DurationSeconds = 40;

    private const string Namespace = "kube-node-lease";
    private static readonly ResourceType Leases = BuiltInResources.Get("coordination.k8s.io", "leases");

    /// <summary>Renews (or creates) <paramref name="node"/>'s Lease at <paramref name="now"/>; other API failures are the caller's.</summary>
    public static async Task RenewAsync(IApiClient client, string node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var renewTime = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        try
        {
            var patch = new JsonObject { ["spec"] = new JsonObject { ["renewTime"] = renewTime, ["holderIdentity"] = node } };
            await client.PatchAsync(Leases, Namespace, node, new PatchRequest(PatchKind.Merge, patch.ToJsonString()), cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            var lease = new JsonObject
            {
                ["apiVersion"] = "coordination.k8s.io/v1",
                ["kind"] = "Lease",
                ["metadata"] = new JsonObject { ["name"] = node, ["namespace"] = Namespace },
                ["spec"] = new JsonObject { ["holderIdentity"] = node, ["leaseDurationSeconds"] = DurationSeconds, ["renewTime"] = renewTime },
            };
            try
            {
                await client.CreateAsync(Leases, Namespace, lease, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException conflict) when (conflict.IsAlreadyExists)
            {
                // created meanwhile (a parallel renewal); the next tick renews it
            }
        }
    }
}
