using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubesharp.Api.Quantities;
using Kubesharp.Client.Rest;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Env;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Volumes;

/// <summary>
/// Sets up, refreshes and removes the volumes of the node's pods under
/// <c>&lt;kubelet-dir&gt;/pods/&lt;uid&gt;/volumes/kubernetes.io~&lt;plugin&gt;/&lt;name&gt;</c>, upstream's layout.
/// </summary>
internal sealed class PodVolumeManager : IPodVolumes
{
    private const UnixFileMode EmptyDirMode = (UnixFileMode)0x1FF; // 0777, as upstream
    private const UnixFileMode ContentDirMode = (UnixFileMode)0x1ED; // 0755
    private readonly IApiClient _client;
    private readonly PodVolumesOptions _options;
    private readonly ILogger _logger;
    private readonly Payloads _payloads;
    private readonly ServiceAccountTokens _tokens;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _refreshed = new(StringComparer.Ordinal);

    // The automatic volume decided at set-up, by pod uid, so a refresh need not ask the API again.
    private readonly ConcurrentDictionary<string, JsonObject?> _automatic = new(StringComparer.Ordinal);

    public PodVolumeManager(IApiClient client, PodVolumesOptions options, TimeProvider time, ILogger logger)
    {
        _client = client;
        _options = options;
        _logger = logger;
        _time = time;
        _tokens = new ServiceAccountTokens(client, time);
        _payloads = new Payloads(new ConfigSources(client), _tokens, options.Allocatable);
    }

    public async Task<PodVolumeSet> SetUpAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var uid = CheckedUid(pod);
        var automatic = await ServiceAccountVolume.ForAsync(_client, pod, _options.ServiceAccountTokenSeconds, cancellationToken);
        _automatic[uid] = automatic;
        _refreshed[uid] = _time.GetUtcNow();
        var volumes = new Dictionary<string, PodVolume>(StringComparer.Ordinal);
        PodVolumeException? first = null;
        foreach (var volume in VolumesOf(pod, automatic))
        {
            var name = PodJson.Str(volume, "name") ?? "";
            try
            {
                volumes[name] = await SetUpOneAsync(pod, uid, volume, volume == automatic, cancellationToken);
            }
            catch (SourceException e)
            {
                VolumesLog.SetUpFailed(_logger, PodName(pod), name, e.Message);
                first ??= new PodVolumeException(name, e.Message, e);
            }
        }

        return first is null ? new PodVolumeSet(uid, volumes) { ServiceAccountVolume = PodJson.Str(automatic, "name") } : throw first;
    }

    public async Task RefreshAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var uid = CheckedUid(pod);
        var now = _time.GetUtcNow();
        if (_refreshed.TryGetValue(uid, out var last) && now - last < _options.RefreshInterval)
        {
            return;
        }

        _refreshed[uid] = now;
        var automatic = _automatic.TryGetValue(uid, out var known) ? known : await ServiceAccountVolume.ForAsync(_client, pod, _options.ServiceAccountTokenSeconds, cancellationToken);
        PodVolumeException? first = null;
        foreach (var volume in VolumesOf(pod, automatic))
        {
            var name = PodJson.Str(volume, "name") ?? "";
            if (ContentPlugin(volume) is not { } plugin || !AtomicWriter.IsPublished(VolumeDir(uid, plugin, name)))
            {
                continue;
            }

            try
            {
                await WriteContentAsync(pod, volume, VolumeDir(uid, plugin, name), volume == automatic, cancellationToken);
            }
            catch (SourceException e)
            {
                VolumesLog.SetUpFailed(_logger, PodName(pod), name, e.Message);
                first ??= new PodVolumeException(name, e.Message, e);
            }
        }

        if (first is not null)
        {
            throw first;
        }
    }

    public IReadOnlyList<ContainerMount> MountsFor(JsonObject container, PodVolumeSet volumes, IReadOnlyList<KeyValuePair<string, string>> environment) =>
        ContainerMounts.For(container, volumes, environment);

    public Task TearDownAsync(string podUid, CancellationToken cancellationToken)
    {
        CheckUid(podUid);
        _automatic.TryRemove(podUid, out _);
        _refreshed.TryRemove(podUid, out _);
        _tokens.Forget(podUid);
        var podDir = PodDir(podUid);
        if (Directory.Exists(podDir))
        {
            // tmpfs first: removing the files of a still-mounted volume would leave the mount behind.
            foreach (var mount in NodeFiles.MountsUnder(podDir))
            {
                NodeFiles.Unmount(mount);
            }

            Directory.Delete(podDir, recursive: true);
            VolumesLog.TornDown(_logger, podUid);
        }

        return Task.CompletedTask;
    }

    private async Task<PodVolume> SetUpOneAsync(JsonObject pod, string uid, JsonObject volume, bool automatic, CancellationToken cancellationToken)
    {
        var name = PodJson.Str(volume, "name") ?? "";
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
        {
            // API validation makes names DNS labels; the name becomes a directory, so check anyway.
            throw new SourceException($"invalid volume name \"{name}\"");
        }

        if (volume["hostPath"] is JsonObject hostPath)
        {
            return HostPaths.SetUp(name, PodJson.Str(hostPath, "path") ?? "", PodJson.Str(hostPath, "type"));
        }

        if (volume["emptyDir"] is JsonObject emptyDir)
        {
            return EmptyDir(pod, uid, name, emptyDir);
        }

        if (ContentPlugin(volume) is { } plugin)
        {
            var dir = VolumeDir(uid, plugin, name);
            await WriteContentAsync(pod, volume, dir, automatic, cancellationToken);
            return new PodVolume(name, dir) { ReadOnly = true };
        }

        if (volume["persistentVolumeClaim"] is JsonObject claim)
        {
            return await PersistentVolumes.SetUpAsync(_client, PodJson.Namespace(pod), name, claim, cancellationToken);
        }

        var kind = volume.Select(p => p.Key).FirstOrDefault(k => k != "name") ?? "(none)";
        throw new SourceException($"volume type {kind} is not supported by this kubelet");
    }

    private PodVolume EmptyDir(JsonObject pod, string uid, string name, JsonObject source)
    {
        var dir = VolumeDir(uid, "empty-dir", name);
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, EmptyDirMode);
        switch (PodJson.Str(source, "medium") ?? "")
        {
            case "":
                break;
            case "Memory":
                if (!NodeFiles.MountsUnder(dir).Contains(dir))
                {
                    var size = Quantity.Whole(Quantity.Text(source["sizeLimit"])) is > 0 and var limit ? limit : _options.Allocatable.MemoryBytes;
                    try
                    {
                        NodeFiles.MountTmpfs(dir, size);
                    }
                    catch (IOException e)
                    {
                        throw new SourceException(e.Message);
                    }

                    var podName = PodName(pod);
                    VolumesLog.TmpfsMounted(_logger, podName, name, size);
                }

                break;
            case var medium:
                throw new SourceException($"emptyDir medium {medium} is not supported by this kubelet");
        }

        return new PodVolume(name, dir);
    }

    private async Task WriteContentAsync(JsonObject pod, JsonObject volume, string dir, bool automatic, CancellationToken cancellationToken)
    {
        var name = PodJson.Str(volume, "name") ?? "";
        Dictionary<string, FileProjection> files;
        if (volume["configMap"] is JsonObject cm)
        {
            files = await _payloads.ConfigMapAsync(pod, cm, cancellationToken);
        }
        else if (volume["secret"] is JsonObject secret)
        {
            files = await _payloads.SecretAsync(pod, secret, cancellationToken);
        }
        else if (volume["downwardAPI"] is JsonObject downward)
        {
            files = _payloads.DownwardApi(pod, downward);
        }
        else
        {
            files = await _payloads.ProjectedAsync(
                pod,
                volume["projected"]!.AsObject(),
                automatic ? TokenFailure.Omit : TokenFailure.Fail,
                reason => VolumesLog.TokenOmitted(_logger, PodName(pod), name, reason),
                cancellationToken);
        }

        try
        {
            var existed = AtomicWriter.IsPublished(dir);
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, ContentDirMode);
            if (AtomicWriter.Write(dir, files) && existed)
            {
                var podName = PodName(pod);
                VolumesLog.Updated(_logger, podName, name);
            }
        }
        catch (ArgumentException e)
        {
            throw new SourceException(e.Message);
        }
    }

    private static string? ContentPlugin(JsonObject volume) =>
        volume["configMap"] is JsonObject ? "configmap"
        : volume["secret"] is JsonObject ? "secret"
        : volume["downwardAPI"] is JsonObject ? "downward-api"
        : volume["projected"] is JsonObject ? "projected"
        : null;

    private static IEnumerable<JsonObject> VolumesOf(JsonObject pod, JsonObject? automatic) =>
        automatic is null ? PodJson.Objects(pod, "spec", "volumes") : PodJson.Objects(pod, "spec", "volumes").Append(automatic);

    private string PodDir(string uid) => Path.Combine(_options.KubeletDirectory, "pods", uid);

    private string VolumeDir(string uid, string plugin, string name) => Path.Combine(PodDir(uid), "volumes", "kubernetes.io~" + plugin, name);

    private static string PodName(JsonObject pod) => $"{PodJson.Namespace(pod)}/{PodJson.Str(pod, "metadata", "name")}";

    private static string CheckedUid(JsonObject pod)
    {
        var uid = PodJson.Uid(pod);
        CheckUid(uid);
        return uid;
    }

    // The uid becomes a directory name; anything path-like would escape <kubelet-dir>/pods.
    private static void CheckUid(string uid)
    {
        if (uid.Length == 0 || uid.Contains('/', StringComparison.Ordinal) || uid.StartsWith('.'))
        {
            throw new ArgumentException($"invalid pod uid '{uid}'");
        }
    }
}
