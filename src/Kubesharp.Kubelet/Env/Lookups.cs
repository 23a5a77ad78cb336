using System.Text.Json.Nodes;
using Kubesharp.Client.Rest;

namespace Kubesharp.Kubelet.Env;

/// <summary>
/// The ConfigMaps and Secrets one container's environment refers to, each read once, with
/// upstream's errors: a missing required source is <c>configmap "x" not found</c>.
/// </summary>
internal sealed class Lookups(ConfigSources sources, string @namespace)
{
    private readonly Dictionary<string, JsonObject?> _configMaps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject?> _secrets = new(StringComparer.Ordinal);

    public string Namespace => @namespace;

    /// <summary>The ConfigMap <paramref name="reference"/> names, or null when it is missing and optional.</summary>
    public Task<JsonObject?> ConfigMapAsync(JsonObject reference, CancellationToken cancellationToken) =>
        GetAsync(_configMaps, reference, "configmap", "configMap", sources.ConfigMapAsync, cancellationToken);

    /// <summary>The Secret <paramref name="reference"/> names, or null when it is missing and optional.</summary>
    public Task<JsonObject?> SecretAsync(JsonObject reference, CancellationToken cancellationToken) =>
        GetAsync(_secrets, reference, "secret", "secret", sources.SecretAsync, cancellationToken);

    private async Task<JsonObject?> GetAsync(
        Dictionary<string, JsonObject?> cache,
        JsonObject reference,
        string lowerKind,
        string camelKind,
        Func<string, string, CancellationToken, Task<JsonObject?>> read,
        CancellationToken cancellationToken)
    {
        var name = PodJson.Str(reference, "name") ?? "";
        if (!cache.TryGetValue(name, out var obj))
        {
            try
            {
                obj = await read(@namespace, name, cancellationToken);
            }
            catch (ApiException e)
            {
                throw new ContainerConfigException($"couldn't get {camelKind} {@namespace}/{name}: {e.Message}", e);
            }

            cache[name] = obj;
        }

        if (obj is null && PodJson.Bool(reference, "optional") != true)
        {
            throw new ContainerConfigException($"{lowerKind} \"{name}\" not found");
        }

        return obj;
    }
}
