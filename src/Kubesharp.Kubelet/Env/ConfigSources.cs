using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;

namespace Kubesharp.Kubelet.Env;

/// <summary>ConfigMaps and Secrets of a pod's namespace read through the API, with their keys decoded.</summary>
internal sealed class ConfigSources(IApiClient client)
{
    private static readonly ResourceType ConfigMaps = BuiltInResources.Get("", "configmaps");
    private static readonly ResourceType Secrets = BuiltInResources.Get("", "secrets");

    /// <summary>The ConfigMap, or null when it does not exist.</summary>
    public Task<JsonObject?> ConfigMapAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        GetAsync(ConfigMaps, @namespace, name, cancellationToken);

    /// <summary>The Secret, or null when it does not exist.</summary>
    public Task<JsonObject?> SecretAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        GetAsync(Secrets, @namespace, name, cancellationToken);

    /// <summary>A ConfigMap's <c>data</c> then <c>binaryData</c> (base64), as file contents.</summary>
    public static IReadOnlyDictionary<string, byte[]> ConfigMapBytes(JsonObject configMap)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in PodJson.StringMap(configMap, "data"))
        {
            files[key] = Encoding.UTF8.GetBytes(value);
        }

        foreach (var (key, value) in PodJson.StringMap(configMap, "binaryData"))
        {
            files[key] = Decode(value);
        }

        return files;
    }

    /// <summary>A Secret's <c>data</c> (base64) as bytes.</summary>
    public static IReadOnlyDictionary<string, byte[]> SecretBytes(JsonObject secret) =>
        PodJson.StringMap(secret, "data").ToDictionary(kv => kv.Key, kv => Decode(kv.Value), StringComparer.Ordinal);

    private static byte[] Decode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            // The API server validates base64 on write; a value it let through is used as written.
            return Encoding.UTF8.GetBytes(base64);
        }
    }

    private async Task<JsonObject?> GetAsync(ResourceType type, string @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetAsync(type, @namespace, name, cancellationToken);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }
}
