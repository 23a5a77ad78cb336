using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Volumes;

namespace Kubesharp.Kubelet.Tests.Volumes;

public sealed class ServiceAccountVolumeTests : IDisposable
{
    private readonly VolumeHarness _h = new();
    private readonly List<JsonObject> _requests = [];
    private int _issued;

    public ServiceAccountVolumeTests()
    {
        _h.Api.Add("serviceaccounts", "shop", "default", new JsonObject());
        _h.Api.ConfigMap("shop", "kube-root-ca.crt", ("ca.crt", "-----BEGIN CERTIFICATE-----"));
        _h.Api.OnSubresource = (plural, ns, name, sub, body) =>
        {
            Assert.Equal(("serviceaccounts", "shop", "token"), (plural, ns, sub));
            _requests.Add(body);
            var seconds = body["spec"]!["expirationSeconds"]!.GetValue<long>();
            return new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["token"] = $"token-{name}-{++_issued}",
                    ["expirationTimestamp"] = _h.Time.Now.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                },
            };
        };
    }

    public void Dispose() => _h.Dispose();

    private static JsonObject AutomountPod(string? extraSpec = "\"serviceAccountName\":\"default\"", string containers = """{"name":"c"}""") =>
        VolumeHarness.Pod("", containers, extraSpec);

    [Fact]
    public async Task SetUpAsync_Automount_AddsKubeApiAccessVolumeWithTokenCaAndNamespace()
    {
        var set = await _h.Volumes.SetUpAsync(AutomountPod(), VolumeHarness.Ct);

        Assert.StartsWith("kube-api-access-", set.ServiceAccountVolume, StringComparison.Ordinal);
        var dir = set.Volumes[set.ServiceAccountVolume!].HostPath;
        Assert.Equal(_h.VolumeDir("projected", set.ServiceAccountVolume!), dir);
        Assert.Equal("token-default-1", await File.ReadAllTextAsync(Path.Combine(dir, "token"), VolumeHarness.Ct));
        Assert.Equal("-----BEGIN CERTIFICATE-----", await File.ReadAllTextAsync(Path.Combine(dir, "ca.crt"), VolumeHarness.Ct));
        Assert.Equal("shop", await File.ReadAllTextAsync(Path.Combine(dir, "namespace"), VolumeHarness.Ct));
        var spec = _requests.Single()["spec"]!;
        Assert.Equal(3607, spec["expirationSeconds"]!.GetValue<long>());
        Assert.Null(spec["audiences"]);
        Assert.Equal("""{"apiVersion":"v1","kind":"Pod","name":"web","uid":"u-1"}""", spec["boundObjectRef"]!.ToJsonString());
    }

    [Fact]
    public async Task SetUpAsync_AutomountTwice_SameVolumeNameOneToken()
    {
        var first = await _h.Volumes.SetUpAsync(AutomountPod(), VolumeHarness.Ct);
        var second = await _h.Volumes.SetUpAsync(AutomountPod(), VolumeHarness.Ct);

        Assert.Equal(first.ServiceAccountVolume, second.ServiceAccountVolume);
        Assert.Single(_requests);
    }

    [Theory]
    [InlineData("\"automountServiceAccountToken\":false")]
    [InlineData("\"serviceAccountName\":\"quiet\"")]
    public async Task SetUpAsync_AutomountOff_NoVolume(string spec)
    {
        _h.Api.Add("serviceaccounts", "shop", "quiet", new JsonObject { ["automountServiceAccountToken"] = false });

        var set = await _h.Volumes.SetUpAsync(AutomountPod(spec), VolumeHarness.Ct);

        Assert.Null(set.ServiceAccountVolume);
        Assert.Empty(set.Volumes);
    }

    [Fact]
    public async Task SetUpAsync_PodSaysTrueOverAccountFalse_Automounts()
    {
        _h.Api.Add("serviceaccounts", "shop", "quiet", new JsonObject { ["automountServiceAccountToken"] = false });

        var set = await _h.Volumes.SetUpAsync(AutomountPod("\"serviceAccountName\":\"quiet\",\"automountServiceAccountToken\":true"), VolumeHarness.Ct);

        Assert.NotNull(set.ServiceAccountVolume);
    }

    [Fact]
    public async Task SetUpAsync_ApiServerAddedVolume_NotAddedAgain()
    {
        var pod = VolumeHarness.Pod("""{"name":"kube-api-access-abcde","projected":{"sources":[{"serviceAccountToken":{"path":"token","audience":"vault","expirationSeconds":600}}]}}""", extraSpec: "\"serviceAccountName\":\"default\"");

        var set = await _h.Volumes.SetUpAsync(pod, VolumeHarness.Ct);

        Assert.Null(set.ServiceAccountVolume);
        Assert.Equal("""["vault"]""", _requests.Single()["spec"]!["audiences"]!.ToJsonString());
        Assert.Equal(600, _requests.Single()["spec"]!["expirationSeconds"]!.GetValue<long>());
    }

    [Fact]
    public async Task SetUpAsync_TokenRequestUnsupported_AutomaticVolumeWithoutToken()
    {
        _h.Api.OnSubresource = null;

        var set = await _h.Volumes.SetUpAsync(AutomountPod(), VolumeHarness.Ct);

        var dir = set.Volumes[set.ServiceAccountVolume!].HostPath;
        Assert.False(File.Exists(Path.Combine(dir, "token")));
        Assert.True(File.Exists(Path.Combine(dir, "namespace")));
    }

    [Fact]
    public async Task RefreshAsync_PastEightyPercentOfLifetime_RenewsToken()
    {
        var set = await _h.Volumes.SetUpAsync(AutomountPod(), VolumeHarness.Ct);
        var token = Path.Combine(set.Volumes[set.ServiceAccountVolume!].HostPath, "token");

        _h.Time.Now = _h.Time.Now.AddSeconds(2800);
        await _h.Volumes.RefreshAsync(AutomountPod(), VolumeHarness.Ct);
        Assert.Equal("token-default-1", await File.ReadAllTextAsync(token, VolumeHarness.Ct));

        _h.Time.Now = _h.Time.Now.AddSeconds(100);
        await _h.Volumes.RefreshAsync(AutomountPod(), VolumeHarness.Ct);
        Assert.Equal("token-default-2", await File.ReadAllTextAsync(token, VolumeHarness.Ct));
    }
}
