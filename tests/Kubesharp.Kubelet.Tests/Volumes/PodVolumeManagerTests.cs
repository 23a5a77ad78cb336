using System.Net.Sockets;
using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Volumes;

namespace Kubesharp.Kubelet.Tests.Volumes;

public sealed class PodVolumeManagerTests : IDisposable
{
    private readonly VolumeHarness _h = new();

    public void Dispose() => _h.Dispose();

    private async Task<string> FailAsync(JsonObject pod) =>
        (await Assert.ThrowsAsync<PodVolumeException>(() => _h.Volumes.SetUpAsync(pod, VolumeHarness.Ct))).Message;

    [Fact]
    public async Task SetUpAsync_ConfigMapAllKeys_FilesUnderUpstreamLayoutReadOnly()
    {
        _h.Api.ConfigMap("shop", "cfg", ("app.conf", "port=80"), ("level", "3"));

        var set = await _h.Volumes.SetUpAsync(VolumeHarness.Pod("""{"name":"config","configMap":{"name":"cfg"}}"""), VolumeHarness.Ct);

        var volume = set.Volumes["config"];
        Assert.Equal(_h.VolumeDir("configmap", "config"), volume.HostPath);
        Assert.True(volume.ReadOnly);
        Assert.Equal("port=80", await File.ReadAllTextAsync(Path.Combine(volume.HostPath, "app.conf"), VolumeHarness.Ct));
        Assert.Equal((UnixFileMode)0x1A4, File.GetUnixFileMode(Path.Combine(volume.HostPath, "..data", "level")));
    }

    [Fact]
    public async Task SetUpAsync_ItemsWithModes_OnlyListedKeysAtTheirPaths()
    {
        _h.Api.ConfigMap("shop", "cfg", ("a", "1"), ("b", "2"));
        _h.Api.Add("configmaps", "shop", "bin", new JsonObject { ["binaryData"] = new JsonObject { ["blob"] = Convert.ToBase64String([0, 1, 2]) } });

        var set = await _h.Volumes.SetUpAsync(VolumeHarness.Pod("""
            {"name":"config","configMap":{"name":"cfg","defaultMode":256,"items":[{"key":"a","path":"dir/a.txt"},{"key":"b","path":"b","mode":384}]}},
            {"name":"binary","configMap":{"name":"bin"}}
            """), VolumeHarness.Ct);

        var dir = set.Volumes["config"].HostPath;
        Assert.Equal("1", await File.ReadAllTextAsync(Path.Combine(dir, "dir", "a.txt"), VolumeHarness.Ct));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(dir, "..data", "dir", "a.txt")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "..data", "b")));
        Assert.False(Path.Exists(Path.Combine(dir, "a")));
        Assert.Equal([0, 1, 2], await File.ReadAllBytesAsync(Path.Combine(set.Volumes["binary"].HostPath, "blob"), VolumeHarness.Ct));
    }

    [Theory]
    [InlineData("""{"name":"config","configMap":{"name":"absent"}}""", "MountVolume.SetUp failed for volume \"config\" : configmap \"absent\" not found")]
    [InlineData("""{"name":"creds","secret":{"secretName":"absent"}}""", "MountVolume.SetUp failed for volume \"creds\" : secret \"absent\" not found")]
    [InlineData("""{"name":"config","configMap":{"name":"cfg","items":[{"key":"nope","path":"x"}]}}""", "MountVolume.SetUp failed for volume \"config\" : configmap references non-existent config key: nope")]
    [InlineData("""{"name":"creds","secret":{"secretName":"s","items":[{"key":"nope","path":"x"}]}}""", "MountVolume.SetUp failed for volume \"creds\" : references non-existent secret key: nope")]
    [InlineData("""{"name":"claim","persistentVolumeClaim":{"claimName":"absent"}}""", "MountVolume.SetUp failed for volume \"claim\" : persistentvolumeclaim \"absent\" not found")]
    [InlineData("""{"name":"nfs","nfs":{"server":"x","path":"/"}}""", "MountVolume.SetUp failed for volume \"nfs\" : volume type nfs is not supported by this kubelet")]
    [InlineData("""{"name":"p","projected":{"sources":[{"serviceAccountToken":{"path":"t"}}]}}""", "MountVolume.SetUp failed for volume \"p\" : failed to fetch token: the API server does not serve the TokenRequest API (serviceaccounts/token): the server does not allow this method on the requested resource")]
    public async Task SetUpAsync_MissingRequiredSource_FailedMountMessage(string volume, string message)
    {
        _h.Api.ConfigMap("shop", "cfg", ("a", "1"));
        _h.Api.Secret("shop", "s", ("k", "v"));

        Assert.Equal(message, await FailAsync(VolumeHarness.Pod(volume)));
    }

    [Fact]
    public async Task SetUpAsync_OptionalMissing_EmptyVolume()
    {
        var set = await _h.Volumes.SetUpAsync(VolumeHarness.Pod("""
            {"name":"config","configMap":{"name":"absent","optional":true}},{"name":"creds","secret":{"secretName":"absent","optional":true}}
            """), VolumeHarness.Ct);

        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(set.Volumes["config"].HostPath), p => !Path.GetFileName(p).StartsWith("..", StringComparison.Ordinal));
        Assert.True(Directory.Exists(set.Volumes["creds"].HostPath));
    }

    [Fact]
    public async Task SetUpAsync_Secret_DecodedWithDefaultMode()
    {
        _h.Api.Secret("shop", "s", ("password", "hunter2"));

        var set = await _h.Volumes.SetUpAsync(VolumeHarness.Pod("""{"name":"creds","secret":{"secretName":"s","defaultMode":256}}"""), VolumeHarness.Ct);

        var file = Path.Combine(set.Volumes["creds"].HostPath, "password");
        Assert.Equal("hunter2", await File.ReadAllTextAsync(file, VolumeHarness.Ct));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(set.Volumes["creds"].HostPath, "..data", "password")));
        Assert.Equal(_h.VolumeDir("secret", "creds"), set.Volumes["creds"].HostPath);
    }

    [Fact]
    public async Task SetUpAsync_DownwardApi_LabelsNameAndResources()
    {
        var set = await _h.Volumes.SetUpAsync(VolumeHarness.Pod(
            """{"name":"info","downwardAPI":{"items":[{"path":"labels","fieldRef":{"fieldPath":"metadata.labels"}},{"path":"name","fieldRef":{"fieldPath":"metadata.name"}},{"path":"mem","resourceFieldRef":{"containerName":"c","resource":"limits.memory","divisor":"1Mi"}}]}}""",
            """{"name":"c","resources":{"limits":{"memory":"32Mi"}}}"""), VolumeHarness.Ct);

        var dir = set.Volumes["info"].HostPath;
        Assert.Equal(_h.VolumeDir("downward-api", "info"), dir);
        Assert.Equal("app=\"web\"\ntier=\"front\"", await File.ReadAllTextAsync(Path.Combine(dir, "labels"), VolumeHarness.Ct));
        Assert.Equal("web", await File.ReadAllTextAsync(Path.Combine(dir, "name"), VolumeHarness.Ct));
        Assert.Equal("32", await File.ReadAllTextAsync(Path.Combine(dir, "mem"), VolumeHarness.Ct));
    }

    [Fact]
    public async Task SetUpAsync_EmptyDirOnDisk_WorldWritableDirectory()
    {
        var set = await _h.Volumes.SetUpAsync(VolumeHarness.Pod("""{"name":"scratch","emptyDir":{}}"""), VolumeHarness.Ct);

        var volume = set.Volumes["scratch"];
        Assert.Equal(_h.VolumeDir("empty-dir", "scratch"), volume.HostPath);
        Assert.False(volume.ReadOnly);
        Assert.Equal((UnixFileMode)0x1FF, File.GetUnixFileMode(volume.HostPath));
    }

    [Fact]
    public async Task SetUpAsync_HostPathOrCreate_CreatesDirectoryAndFile()
    {
        var dir = Path.Combine(_h.Root, "host", "made");
        var file = Path.Combine(_h.Root, "made.txt");

        var set = await _h.Volumes.SetUpAsync(VolumeHarness.Pod($$$$"""
            {"name":"d","hostPath":{"path":"{{{{dir}}}}","type":"DirectoryOrCreate"}},{"name":"f","hostPath":{"path":"{{{{file}}}}","type":"FileOrCreate"}}
            """), VolumeHarness.Ct);

        Assert.True(Directory.Exists(dir));
        Assert.True(File.Exists(file));
        Assert.Equal(dir, set.Volumes["d"].HostPath);
        Assert.False(set.Volumes["d"].IsFile);
        Assert.True(set.Volumes["f"].IsFile);
    }

    [Theory]
    [InlineData("Directory", "file", "is not a directory")]
    [InlineData("DirectoryOrCreate", "file", "is not a directory")]
    [InlineData("File", "dir", "is not a file")]
    [InlineData("FileOrCreate", "dir", "is not a file")]
    [InlineData("Socket", "file", "is not a socket file")]
    [InlineData("CharDevice", "file", "is not a character device")]
    [InlineData("BlockDevice", "dir", "is not a block device")]
    [InlineData("Directory", "missing", "is not a directory")]
    public async Task SetUpAsync_HostPathWrongType_TypeCheckFailed(string type, string what, string expected)
    {
        var path = Path.Combine(_h.Root, what);
        if (what == "file")
        {
            await File.WriteAllTextAsync(path, "x", VolumeHarness.Ct);
        }
        else if (what == "dir")
        {
            Directory.CreateDirectory(path);
        }

        var message = await FailAsync(VolumeHarness.Pod($$$$"""{"name":"h","hostPath":{"path":"{{{{path}}}}","type":"{{{{type}}}}"}}"""));

        Assert.Equal($"MountVolume.SetUp failed for volume \"h\" : hostPath type check failed: {path} {expected}", message);
    }

    [Fact]
    public async Task SetUpAsync_HostPathSocketAndCharDevice_Accepted()
    {
        var socketPath = Path.Combine(_h.Root, "s.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));

        var set = await _h.Volumes.SetUpAsync(VolumeHarness.Pod($$$$"""
            {"name":"s","hostPath":{"path":"{{{{socketPath}}}}","type":"Socket"}},{"name":"null","hostPath":{"path":"/dev/null","type":"CharDevice"}}
            """), VolumeHarness.Ct);

        Assert.True(set.Volumes["s"].IsFile);
        Assert.True(set.Volumes["null"].IsFile);
    }

    [Fact]
    public async Task SetUpAsync_PersistentVolumeClaim_BoundHostPathVolume()
    {
        var data = Path.Combine(_h.Root, "pv-data");
        _h.Api.Add("persistentvolumeclaims", "shop", "data", JsonNode.Parse("""{"spec":{"volumeName":"pv-1"},"status":{"phase":"Bound"}}""")!.AsObject());
        _h.Api.Add("persistentvolumes", "", "pv-1", JsonNode.Parse($$$$"""{"spec":{"hostPath":{"path":"{{{{data}}}}","type":"DirectoryOrCreate"}}}""")!.AsObject());
        _h.Api.Add("persistentvolumeclaims", "shop", "pending", JsonNode.Parse("""{"spec":{},"status":{"phase":"Pending"}}""")!.AsObject());

        var set = await _h.Volumes.SetUpAsync(VolumeHarness.Pod("""{"name":"d","persistentVolumeClaim":{"claimName":"data"}}"""), VolumeHarness.Ct);
        var message = await FailAsync(VolumeHarness.Pod("""{"name":"d","persistentVolumeClaim":{"claimName":"pending"}}"""));

        Assert.Equal(data, set.Volumes["d"].HostPath);
        Assert.True(Directory.Exists(data));
        Assert.Equal("MountVolume.SetUp failed for volume \"d\" : PVC shop/pending has non-bound phase (\"Pending\") or empty pvc.Spec.VolumeName (\"\")", message);
    }

    [Fact]
    public async Task RefreshAsync_SourceChanged_NewContentsAtomically()
    {
        _h.Api.ConfigMap("shop", "cfg", ("a", "1"), ("old", "x"));
        var pod = VolumeHarness.Pod("""{"name":"config","configMap":{"name":"cfg"}}""");
        var dir = (await _h.Volumes.SetUpAsync(pod, VolumeHarness.Ct)).Volumes["config"].HostPath;
        var first = new FileInfo(Path.Combine(dir, "..data")).LinkTarget;
        _h.Time.Now += TimeSpan.FromSeconds(11);

        await _h.Volumes.RefreshAsync(pod, VolumeHarness.Ct);
        Assert.Equal(first, new FileInfo(Path.Combine(dir, "..data")).LinkTarget);

        _h.Api.ConfigMap("shop", "cfg", ("a", "2"), ("new", "y"));
        await _h.Volumes.RefreshAsync(pod, VolumeHarness.Ct);
        Assert.Equal("1", await File.ReadAllTextAsync(Path.Combine(dir, "a"), VolumeHarness.Ct));
        _h.Time.Now += TimeSpan.FromSeconds(11);
        await _h.Volumes.RefreshAsync(pod, VolumeHarness.Ct);

        Assert.NotEqual(first, new FileInfo(Path.Combine(dir, "..data")).LinkTarget);
        Assert.Equal("2", await File.ReadAllTextAsync(Path.Combine(dir, "a"), VolumeHarness.Ct));
        Assert.Equal("y", await File.ReadAllTextAsync(Path.Combine(dir, "new"), VolumeHarness.Ct));
        Assert.False(Path.Exists(Path.Combine(dir, "old")));
    }

    [Fact]
    public async Task RefreshAsync_SourceDeleted_KeepsOldContentsAndThrows()
    {
        _h.Api.ConfigMap("shop", "cfg", ("a", "1"));
        var pod = VolumeHarness.Pod("""{"name":"config","configMap":{"name":"cfg"}}""");
        var dir = (await _h.Volumes.SetUpAsync(pod, VolumeHarness.Ct)).Volumes["config"].HostPath;
        _h.Api.Remove("configmaps", "shop", "cfg");
        _h.Time.Now += TimeSpan.FromSeconds(11);

        await Assert.ThrowsAsync<PodVolumeException>(() => _h.Volumes.RefreshAsync(pod, VolumeHarness.Ct));
        Assert.Equal("1", await File.ReadAllTextAsync(Path.Combine(dir, "a"), VolumeHarness.Ct));
    }

    [Fact]
    public async Task TearDownAsync_RemovesPodDirectoryButNotHostPaths()
    {
        var host = Path.Combine(_h.Root, "keep");
        Directory.CreateDirectory(host);
        _h.Api.ConfigMap("shop", "cfg", ("a", "1"));
        await _h.Volumes.SetUpAsync(VolumeHarness.Pod($$$$"""
            {"name":"config","configMap":{"name":"cfg"}},{"name":"scratch","emptyDir":{}},{"name":"h","hostPath":{"path":"{{{{host}}}}"}}
            """), VolumeHarness.Ct);

        await _h.Volumes.TearDownAsync("u-1", VolumeHarness.Ct);
        await _h.Volumes.TearDownAsync("u-1", VolumeHarness.Ct);

        Assert.False(Directory.Exists(Path.Combine(_h.Root, "pods", "u-1")));
        Assert.True(Directory.Exists(host));
    }
}
