using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Env;
using Kubesharp.Kubelet.Volumes;

namespace Kubesharp.Kubelet.Tests.Volumes;

public sealed class ContainerMountsTests : IDisposable
{
    private readonly VolumeHarness _h = new();

    public void Dispose() => _h.Dispose();

    private async Task<PodVolumeSet> SetUpAsync(string? spec = null)
    {
        _h.Api.ConfigMap("shop", "cfg", ("nginx.conf", "worker_processes 1;"));
        return await _h.Volumes.SetUpAsync(VolumeHarness.Pod("""{"name":"data","emptyDir":{}},{"name":"config","configMap":{"name":"cfg"}}""", extraSpec: spec), VolumeHarness.Ct);
    }

    private static JsonObject Container(string mounts) => JsonNode.Parse($$"""{"name":"app","volumeMounts":[{{mounts}}]}""")!.AsObject();

    private IReadOnlyList<ContainerMount> MountsFor(PodVolumeSet set, string mounts, params (string, string)[] env) =>
        _h.Volumes.MountsFor(Container(mounts), set, env.Select(e => new KeyValuePair<string, string>(e.Item1, e.Item2)).ToList());

    [Fact]
    public async Task MountsFor_PlainMounts_ReadOnlyFromMountOrVolume()
    {
        var set = await SetUpAsync();

        var mounts = MountsFor(set, """{"name":"data","mountPath":"/data"},{"name":"data","mountPath":"/ro","readOnly":true},{"name":"config","mountPath":"/etc/cfg"}""");

        Assert.Equal(
            [
                new ContainerMount("/data", set.Volumes["data"].HostPath),
                new ContainerMount("/ro", set.Volumes["data"].HostPath) { Access = MountAccess.ReadOnly },
                new ContainerMount("/etc/cfg", set.Volumes["config"].HostPath) { Access = MountAccess.ReadOnly },
            ],
            mounts);
    }

    [Fact]
    public async Task MountsFor_UnknownVolume_ThrowsUpstreamMessage()
    {
        var set = await SetUpAsync();

        var e = Assert.Throws<ContainerConfigException>(() => MountsFor(set, """{"name":"nope","mountPath":"/x"}"""));

        Assert.Equal("cannot find volume \"nope\" to mount into container \"app\"", e.Message);
    }

    [Fact]
    public async Task MountsFor_SubPath_CreatesDirectoryInsideVolume()
    {
        var set = await SetUpAsync();

        var mount = Assert.Single(MountsFor(set, """{"name":"data","mountPath":"/logs","subPath":"logs/app"}"""));

        Assert.Equal(Path.Combine(set.Volumes["data"].HostPath, "logs", "app"), mount.HostPath);
        Assert.True(Directory.Exists(mount.HostPath));
    }

    [Fact]
    public async Task MountsFor_SubPathIntoConfigMap_BindsTheResolvedFile()
    {
        var set = await SetUpAsync();

        var mount = Assert.Single(MountsFor(set, """{"name":"config","mountPath":"/etc/nginx/nginx.conf","subPath":"nginx.conf"}"""));

        Assert.Contains("/..20", mount.HostPath, StringComparison.Ordinal);
        Assert.Equal("worker_processes 1;", await File.ReadAllTextAsync(mount.HostPath, VolumeHarness.Ct));
        Assert.Equal(MountAccess.ReadOnly, mount.Access);
    }

    [Fact]
    public async Task MountsFor_SubPathExpr_ExpandsFromEnvironment()
    {
        var set = await SetUpAsync();

        var mount = Assert.Single(MountsFor(set, """{"name":"data","mountPath":"/logs","subPathExpr":"$(POD_NAME)/logs"}""", ("POD_NAME", "web-1")));

        Assert.Equal(Path.Combine(set.Volumes["data"].HostPath, "web-1", "logs"), mount.HostPath);
    }

    [Theory]
    [InlineData("""{"name":"data","mountPath":"/x","subPathExpr":"$(A)/$(B)"}""", "missing value for A, B")]
    [InlineData("""{"name":"data","mountPath":"/x","subPathExpr":"$(EMPTY)"}""", "missing value for EMPTY")]
    [InlineData("""{"name":"data","mountPath":"/x","subPath":"/abs"}""", "error SubPath \"/abs\" must not be an absolute path")]
    [InlineData("""{"name":"data","mountPath":"/x","subPath":"a/../../b"}""", "unable to provision SubPath `a/../../b`: must not contain '..'")]
    public async Task MountsFor_BadSubPath_ThrowsUpstreamMessage(string mount, string message)
    {
        var set = await SetUpAsync();

        var e = Assert.Throws<ContainerConfigException>(() => MountsFor(set, mount, ("EMPTY", "")));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task MountsFor_SubPathSymlinkLeavingVolume_Refused()
    {
        var set = await SetUpAsync();
        File.CreateSymbolicLink(Path.Combine(set.Volumes["data"].HostPath, "escape"), "/etc");

        var e = Assert.Throws<ContainerConfigException>(() => MountsFor(set, """{"name":"data","mountPath":"/x","subPath":"escape"}"""));

        Assert.Contains("resolves outside the volume", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MountsFor_AutomaticServiceAccountVolume_MountedUnlessContainerHasItsOwn()
    {
        _h.Api.Add("serviceaccounts", "shop", "default", new JsonObject());
        var set = await SetUpAsync("\"serviceAccountName\":\"default\"");

        var mounts = MountsFor(set, """{"name":"data","mountPath":"/data"}""");
        var own = MountsFor(set, """{"name":"data","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}""");

        Assert.Contains(new ContainerMount("/var/run/secrets/kubernetes.io/serviceaccount", set.Volumes[set.ServiceAccountVolume!].HostPath) { Access = MountAccess.ReadOnly }, mounts);
        Assert.Equal(set.Volumes["data"].HostPath, Assert.Single(own).HostPath);
    }
}
