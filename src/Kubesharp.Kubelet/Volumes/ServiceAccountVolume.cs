using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Kubelet.Env;

namespace Kubesharp.Kubelet.Volumes;

/// <summary>
/// The <c>kube-api-access-*</c> volume upstream's ServiceAccount admission adds to every pod whose
/// token is automounted. Kubesharp's API server does not add it, so the kubelet does: same sources
/// (token, ca.crt from the kube-root-ca.crt ConfigMap, namespace), same mount path.
/// </summary>
internal static class ServiceAccountVolume
{
    public const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
    public const string Prefix = "kube-api-access-";
    private static readonly ResourceType Accounts = BuiltInResources.Get("", "serviceaccounts");

    /// <summary>The volume to add to <paramref name="pod"/>, or null when the pod has it already or opts out.</summary>
    public static async Task<JsonObject?> ForAsync(IApiClient client, JsonObject pod, long tokenSeconds, CancellationToken cancellationToken)
    {
        if (PodJson.Objects(pod, "spec", "volumes").Any(v => PodJson.Str(v, "name")?.StartsWith(Prefix, StringComparison.Ordinal) == true)
            || !PodJson.AllContainers(pod).Any(c => !PodJson.Objects(c, "volumeMounts").Any(m => PodJson.Str(m, "mountPath")?.TrimEnd('/') == MountPath)))
        {
            return null;
        }

        var automount = PodJson.Bool(pod, "spec", "automountServiceAccountToken");
        if (automount is null)
        {
            try
            {
                var account = await client.GetAsync(Accounts, PodJson.Namespace(pod), PodJson.ServiceAccount(pod), cancellationToken);
                automount = PodJson.Bool(account, "automountServiceAccountToken");
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                // Admission would have refused the pod; the token request fails visibly instead.
            }
        }

        return automount == false ? null : Build(Name(PodJson.Uid(pod)), tokenSeconds);
    }

    // Upstream appends 5 random characters; a hash of the uid keeps set-up idempotent across calls and restarts.
    private static string Name(string uid) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uid)))[..5];

    private static JsonObject Build(string name, long tokenSeconds) => new()
    {
        ["name"] = name,
        ["projected"] = new JsonObject
        {
            ["defaultMode"] = 420,
            ["sources"] = new JsonArray(
                new JsonObject { ["serviceAccountToken"] = new JsonObject { ["path"] = "token", ["expirationSeconds"] = tokenSeconds } },
                // Optional here (not upstream): the cluster may not publish kube-root-ca.crt yet.
                new JsonObject { ["configMap"] = new JsonObject { ["name"] = "kube-root-ca.crt", ["optional"] = true, ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }) } },
                new JsonObject { ["downwardAPI"] = new JsonObject { ["items"] = new JsonArray(new JsonObject { ["path"] = "namespace", ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" } }) } }),
        },
    };
}
