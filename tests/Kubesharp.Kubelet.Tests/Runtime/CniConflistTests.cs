using System.Text.Json;
using Kubesharp.Kubelet.Runtime;

namespace Kubesharp.Kubelet.Tests.Runtime;

public sealed class CniConflistTests
{
    [Fact]
    public void Render_Network_BridgeWithHostLocalThenPortmap()
    {
        var json = CniConflist.Render(new CniNetwork("kubesharp", "kubesharp0", "10.42.3.0/24", "/d/cni/ipam", MasqueradeOutgoing: true));

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("1.0.0", root.GetProperty("cniVersion").GetString());
        Assert.Equal("kubesharp", root.GetProperty("name").GetString());
        var plugins = root.GetProperty("plugins").EnumerateArray().ToArray();
        Assert.Equal(["bridge", "portmap"], plugins.Select(p => p.GetProperty("type").GetString()));

        var bridge = plugins[0];
        Assert.Equal("kubesharp0", bridge.GetProperty("bridge").GetString());
        Assert.True(bridge.GetProperty("isGateway").GetBoolean());
        Assert.True(bridge.GetProperty("ipMasq").GetBoolean());
        var ipam = bridge.GetProperty("ipam");
        Assert.Equal("host-local", ipam.GetProperty("type").GetString());
        Assert.Equal("/d/cni/ipam", ipam.GetProperty("dataDir").GetString());
        Assert.Equal("10.42.3.0/24", ipam.GetProperty("ranges")[0][0].GetProperty("subnet").GetString());
        Assert.Equal("0.0.0.0/0", ipam.GetProperty("routes")[0].GetProperty("dst").GetString());

        Assert.True(plugins[1].GetProperty("capabilities").GetProperty("portMappings").GetBoolean());
    }

    [Fact]
    public void RequiredPlugins_IncludeLoopbackThatContainerdRuns() =>
        Assert.Equal(["bridge", "host-local", "portmap", "loopback"], CniConflist.RequiredPlugins);
}
