using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Subresources;

namespace Kubesharp.ApiServer.Tests.Subresources;

public sealed class KubeletLocationTests
{
    [Fact]
    public void BaseUri_InternalIpAndPublishedPort_Https()
    {
        var node = Node(new JsonArray(Address("Hostname", "node-a"), Address("InternalIP", "10.0.0.5")), 11250);
        Assert.Equal(new Uri("https://10.0.0.5:11250/"), KubeletLocation.BaseUri(node));
    }

    [Fact]
    public void BaseUri_NoPortPublished_Upstream10250()
    {
        Assert.Equal(new Uri("https://[fd00::5]:10250/"), KubeletLocation.BaseUri(Node(new JsonArray(Address("InternalIP", "fd00::5")), null)));
    }

    [Fact]
    public void BaseUri_NoAddress_ServiceUnavailable()
    {
        var e = Assert.Throws<ApiException>(() => KubeletLocation.BaseUri(Node([], null)));
        Assert.Equal(503, e.Code);
    }

    private static JsonObject Address(string type, string address) => new JsonObject { ["type"] = type, ["address"] = address };

    private static JsonObject Node(JsonArray addresses, int? port)
    {
        var status = new JsonObject { ["addresses"] = addresses };
        if (port is { } p)
        {
            status["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = p } };
        }

        return new JsonObject { ["metadata"] = new JsonObject { ["name"] = "node-a" }, ["status"] = status };
    }
}
