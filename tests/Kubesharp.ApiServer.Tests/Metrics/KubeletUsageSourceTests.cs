using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Metrics;

namespace Kubesharp.ApiServer.Tests.Metrics;

public sealed class KubeletUsageSourceTests
{
    [Theory]
    [InlineData("""{"status":{"addresses":[{"type":"Hostname","address":"n1"},{"type":"InternalIP","address":"10.0.0.4"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":10250}}}}""", "https://10.0.0.4:10250/")]
    [InlineData("""{"status":{"addresses":[{"type":"InternalIP","address":"fd00::4"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":10250}}}}""", "https://[fd00::4]:10250/")]
    [InlineData("""{"status":{"addresses":[{"type":"InternalIP","address":"10.200.0.1"}]}}""", null)]
    [InlineData("""{"status":{"addresses":[{"type":"InternalIP","address":"10.200.0.1"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":0}}}}""", null)]
    [InlineData("""{"status":{"addresses":[{"type":"Hostname","address":"n1"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":10250}}}}""", null)]
    public void Endpoint_NodeStatus_KubeletUrlOrNone(string node, string? expected) =>
        Assert.Equal(expected, KubeletUsageSource.Endpoint((JsonObject)JsonNode.Parse(node)!)?.ToString());
}
