using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Env;

namespace Kubesharp.Kubelet.Tests.Env;

public sealed class FieldRefsTests
{
    private static readonly PodAddresses Addresses = new(["10.42.0.7", "fd00::7"], "192.168.1.2");

    private static JsonObject Pod() => JsonNode.Parse("""
        {"metadata":{"name":"web","namespace":"shop","uid":"u-1","labels":{"b":"2","a":"x\"y"},"annotations":{"note":"line1\nline2"}},
         "spec":{"nodeName":"node-1","serviceAccountName":"robot","restartPolicy":"Always"},"status":{"phase":"Pending"}}
        """)!.AsObject();

    [Theory]
    [InlineData("metadata.name", "web")]
    [InlineData("metadata.namespace", "shop")]
    [InlineData("metadata.uid", "u-1")]
    [InlineData("metadata.labels['b']", "2")]
    [InlineData("metadata.labels['nope']", "")]
    [InlineData("metadata.annotations['note']", "line1\nline2")]
    [InlineData("metadata.labels", "a=\"x\\\"y\"\nb=\"2\"")]
    [InlineData("metadata.annotations", "note=\"line1\\nline2\"")]
    [InlineData("spec.nodeName", "node-1")]
    [InlineData("spec.serviceAccountName", "robot")]
    [InlineData("status.podIP", "10.42.0.7")]
    [InlineData("status.podIPs", "10.42.0.7,fd00::7")]
    [InlineData("status.hostIP", "192.168.1.2")]
    [InlineData("status.hostIPs", "192.168.1.2")]
    public void PodField_Table_ResolvesAsUpstream(string path, string expected)
    {
        Assert.Equal(expected, FieldRefs.PodField(Pod(), new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = path }, Addresses));
    }

    [Fact]
    public void PodField_UnsupportedPath_ThrowsUpstreamMessage()
    {
        var e = Assert.Throws<ContainerConfigException>(() => FieldRefs.PodField(Pod(), new JsonObject { ["fieldPath"] = "spec.containers" }, Addresses));
        Assert.Equal("unsupported fieldPath: spec.containers", e.Message);
    }

    [Fact]
    public void VolumeField_StatusPath_IsUnsupported()
    {
        Assert.Throws<ContainerConfigException>(() => FieldRefs.VolumeField(Pod(), new JsonObject { ["fieldPath"] = "status.podIP" }));
    }

    [Fact]
    public void PodField_OtherApiVersion_Throws()
    {
        var e = Assert.Throws<ContainerConfigException>(() => FieldRefs.PodField(Pod(), new JsonObject { ["apiVersion"] = "v2", ["fieldPath"] = "metadata.name" }, Addresses));
        Assert.Equal("unsupported pod version: v2", e.Message);
    }
}
