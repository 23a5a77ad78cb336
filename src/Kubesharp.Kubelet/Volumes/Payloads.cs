using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Env;

namespace Kubesharp.Kubelet.Volumes;

/// <summary>
/// The files of configMap, secret, downwardAPI and projected volumes, as upstream's MakePayload
/// functions compute them: all keys or the listed items, item mode over defaultMode (0644),
/// optional sources that are missing give no files.
/// </summary>
internal sealed class Payloads(ConfigSources sources, ServiceAccountTokens tokens, NodeAllocatable allocatable)
{
    private const int DefaultMode = 420; // 0644

    public async Task<Dictionary<string, FileProjection>> ConfigMapAsync(JsonObject pod, JsonObject source, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        await AddConfigMapAsync(files, pod, source, Mode(source, "defaultMode"), cancellationToken);
        return files;
    }

    public async Task<Dictionary<string, FileProjection>> SecretAsync(JsonObject pod, JsonObject source, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        await AddSecretAsync(files, pod, source, PodJson.Str(source, "secretName") ?? "", Mode(source, "defaultMode"), cancellationToken);
        return files;
    }

    public Dictionary<string, FileProjection> DownwardApi(JsonObject pod, JsonObject source)
    {
        var files = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        AddDownwardApi(files, pod, source, Mode(source, "defaultMode"));
        return files;
    }

    public async Task<Dictionary<string, FileProjection>> ProjectedAsync(JsonObject pod, JsonObject source, TokenFailure tokenFailure, Action<string> warn, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        var mode = Mode(source, "defaultMode");
        foreach (var projection in PodJson.Objects(source, "sources"))
        {
            if (projection["configMap"] is JsonObject cm)
            {
                await AddConfigMapAsync(files, pod, cm, mode, cancellationToken);
            }
            else if (projection["secret"] is JsonObject secret)
            {
                await AddSecretAsync(files, pod, secret, PodJson.Str(secret, "name") ?? "", mode, cancellationToken);
            }
            else if (projection["downwardAPI"] is JsonObject downward)
            {
                AddDownwardApi(files, pod, downward, mode);
            }
            else if (projection["serviceAccountToken"] is JsonObject token)
            {
                try
                {
                    var value = await tokens.GetAsync(pod, PodJson.Str(token, "audience"), PodJson.Int(token, "expirationSeconds") ?? 3600, cancellationToken);
                    files[PodJson.Str(token, "path") ?? "token"] = new FileProjection(Encoding.UTF8.GetBytes(value), mode);
                }
                catch (TokenRequestException e) when (tokenFailure == TokenFailure.Omit)
                {
                    warn(e.Message);
                }
                catch (TokenRequestException e)
                {
                    throw new SourceException(e.Message);
                }
            }
            else
            {
                throw new SourceException($"projected volume source {projection.Select(p => p.Key).FirstOrDefault()} is not supported by this kubelet");
            }
        }

        return files;
    }

    private async Task AddConfigMapAsync(Dictionary<string, FileProjection> files, JsonObject pod, JsonObject source, UnixFileMode mode, CancellationToken cancellationToken)
    {
        var name = PodJson.Str(source, "name") ?? "";
        var cm = await ReadAsync(sources.ConfigMapAsync, pod, name, "configmap", cancellationToken);
        if (cm is null && PodJson.Bool(source, "optional") != true)
        {
            throw new SourceException($"configmap \"{name}\" not found");
        }

        AddKeys(files, cm is null ? new Dictionary<string, byte[]>() : ConfigSources.ConfigMapBytes(cm), source, mode, "configmap references non-existent config key");
    }

    private async Task AddSecretAsync(Dictionary<string, FileProjection> files, JsonObject pod, JsonObject source, string name, UnixFileMode mode, CancellationToken cancellationToken)
    {
        var secret = await ReadAsync(sources.SecretAsync, pod, name, "secret", cancellationToken);
        if (secret is null && PodJson.Bool(source, "optional") != true)
        {
            throw new SourceException($"secret \"{name}\" not found");
        }

        AddKeys(files, secret is null ? new Dictionary<string, byte[]>() : ConfigSources.SecretBytes(secret), source, mode, "references non-existent secret key");
    }

    private static async Task<JsonObject?> ReadAsync(Func<string, string, CancellationToken, Task<JsonObject?>> read, JsonObject pod, string name, string kind, CancellationToken cancellationToken)
    {
        try
        {
            return await read(PodJson.Namespace(pod), name, cancellationToken);
        }
        catch (Kubesharp.Client.Rest.ApiException e)
        {
            throw new SourceException($"couldn't get {kind} {PodJson.Namespace(pod)}/{name}: {e.Message}");
        }
    }

    private static void AddKeys(Dictionary<string, FileProjection> files, IReadOnlyDictionary<string, byte[]> data, JsonObject source, UnixFileMode mode, string missingKey)
    {
        var items = PodJson.Objects(source, "items").ToList();
        if (items.Count == 0)
        {
            foreach (var (key, bytes) in data)
            {
                files[key] = new FileProjection(bytes, mode);
            }

            return;
        }

        foreach (var item in items)
        {
            var key = PodJson.Str(item, "key") ?? "";
            if (!data.TryGetValue(key, out var bytes))
            {
                if (PodJson.Bool(source, "optional") == true)
                {
                    continue;
                }

                throw new SourceException($"{missingKey}: {key}");
            }

            files[PodJson.Str(item, "path") ?? key] = new FileProjection(bytes, item["mode"] is not null ? Mode(item, "mode") : mode);
        }
    }

    private void AddDownwardApi(Dictionary<string, FileProjection> files, JsonObject pod, JsonObject source, UnixFileMode mode)
    {
        foreach (var item in PodJson.Objects(source, "items"))
        {
            string value;
            try
            {
                value = item["fieldRef"] is JsonObject fieldRef ? FieldRefs.VolumeField(pod, fieldRef)
                    : item["resourceFieldRef"] is JsonObject resourceRef ? ResourceValue(pod, resourceRef)
                    : "";
            }
            catch (ContainerConfigException e)
            {
                throw new SourceException(e.Message);
            }

            files[PodJson.Str(item, "path") ?? ""] = new FileProjection(Encoding.UTF8.GetBytes(value), item["mode"] is not null ? Mode(item, "mode") : mode);
        }
    }

    private string ResourceValue(JsonObject pod, JsonObject resourceRef)
    {
        var name = PodJson.Str(resourceRef, "containerName") ?? "";
        var container = PodJson.AllContainers(pod).FirstOrDefault(c => PodJson.Str(c, "name") == name)
            ?? throw new ContainerConfigException($"container {name} not found in pod {PodJson.Str(pod, "metadata", "name")}");
        return ResourceFieldRefs.Value(container, resourceRef, allocatable);
    }

    private static UnixFileMode Mode(JsonObject holder, string field) => (UnixFileMode)((PodJson.Int(holder, field) ?? DefaultMode) & 0x1FF);
}
