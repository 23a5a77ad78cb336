using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Kubelet.Env;

namespace Kubesharp.Kubelet.Volumes;

/// <summary>
/// persistentVolumeClaim volumes whose bound PersistentVolume is a node path (hostPath or local):
/// the only kinds a single-node Kubesharp provisions. Other PV types are reported as unsupported.
/// </summary>
internal static class PersistentVolumes
{
    private static readonly ResourceType Claims = BuiltInResources.Get("", "persistentvolumeclaims");
    private static readonly ResourceType Volumes = BuiltInResources.Get("", "persistentvolumes");

    /// <exception cref="SourceException">Claim missing or unbound, volume missing or not a node path.</exception>
    public static async Task<PodVolume> SetUpAsync(IApiClient client, string @namespace, string volume, JsonObject source, CancellationToken cancellationToken)
    {
        var claimName = PodJson.Str(source, "claimName") ?? "";
        var claim = await GetAsync(client, Claims, @namespace, claimName, "persistentvolumeclaim", cancellationToken);
        var phase = PodJson.Str(claim, "status", "phase") ?? "";
        var bound = PodJson.Str(claim, "spec", "volumeName") ?? "";
        if (phase != "Bound" || bound.Length == 0)
        {
            throw new SourceException($"PVC {@namespace}/{claimName} has non-bound phase (\"{phase}\") or empty pvc.Spec.VolumeName (\"{bound}\")");
        }

        var pv = await GetAsync(client, Volumes, null, bound, "persistentvolume", cancellationToken);
        var path = PodJson.Str(pv, "spec", "hostPath", "path") ?? PodJson.Str(pv, "spec", "local", "path");
        if (path is null)
        {
            throw new SourceException($"persistentvolume {bound}: only hostPath and local volumes are supported by this kubelet");
        }

        var set = HostPaths.SetUp(volume, path, PodJson.Str(pv, "spec", "hostPath", "type"));
        return set with { ReadOnly = PodJson.Bool(source, "readOnly") == true };
    }

    private static async Task<JsonObject> GetAsync(IApiClient client, ResourceType type, string? @namespace, string name, string kind, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetAsync(type, @namespace, name, cancellationToken);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            throw new SourceException($"{kind} \"{name}\" not found");
        }
        catch (ApiException e)
        {
            throw new SourceException($"couldn't get {kind} {name}: {e.Message}");
        }
    }
}
