using Kubesharp.Kubelet.Runtime;

namespace Kubesharp.Kubelet.Tests.Runtime;

public sealed class ContainerdConfigTests
{
    private static readonly ContainerdLayout Layout = new("/var/lib/ks");

    [Fact]
    public void Render_PrivateLayout_EveryPathUnderDataDirectory()
    {
        var toml = ContainerdConfig.Render(new ContainerdConfigValues(Layout, "registry.k8s.io/pause:3.10", "/usr/lib/cni", false));

        Assert.Contains("version = 2", toml);
        Assert.Contains("root = \"/var/lib/ks/containerd/root\"", toml);
        Assert.Contains("state = \"/var/lib/ks/containerd/state\"", toml);
        Assert.Contains("[grpc]\naddress = \"/var/lib/ks/containerd/containerd.sock\"", toml.ReplaceLineEndings("\n"));
        Assert.Contains("[ttrpc]\naddress = \"/var/lib/ks/containerd/containerd.sock.ttrpc\"", toml.ReplaceLineEndings("\n"));
        Assert.Contains("conf_dir = \"/var/lib/ks/cni/net.d\"", toml);
        Assert.Contains("bin_dir = \"/usr/lib/cni\"", toml);
        Assert.DoesNotContain("/run/containerd", toml);
    }

    [Fact]
    public void Render_CriSettings_SandboxImageCgroupfsAndLoopbackStreams()
    {
        var toml = ContainerdConfig.Render(new ContainerdConfigValues(Layout, "registry.k8s.io/pause:3.10", "/usr/lib/cni", false));

        Assert.Contains("[plugins.\"io.containerd.grpc.v1.cri\"]", toml);
        Assert.Contains("sandbox_image = \"registry.k8s.io/pause:3.10\"", toml);
        Assert.Contains("SystemdCgroup = false", toml);
        Assert.Contains("runtime_type = \"io.containerd.runc.v2\"", toml);
        Assert.Contains("stream_server_address = \"127.0.0.1\"", toml);
        Assert.Contains("restrict_oom_score_adj = false", toml);
    }

    [Fact]
    public void Render_RestrictOomScoreAdj_SetsCriOption()
    {
        var toml = ContainerdConfig.Render(new ContainerdConfigValues(Layout, "p", "/usr/lib/cni", true));

        Assert.Contains("restrict_oom_score_adj = true", toml);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("c:\\d", "\"c:\\\\d\"")]
    [InlineData("x\ny", "\"x\\ny\"")]
    public void Quote_SpecialCharacters_EscapedAsTomlBasicString(string value, string expected) =>
        Assert.Equal(expected, ContainerdConfig.Quote(value));
}
