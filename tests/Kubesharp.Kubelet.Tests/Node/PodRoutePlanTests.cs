using System.Net;
using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Node;

namespace Kubesharp.Kubelet.Tests.Node;

public sealed class PodRoutePlanTests
{
    private static readonly (IPAddress, int)[] Local = [(IPAddress.Parse("10.99.0.1"), 24), (IPAddress.Parse("10.42.0.1"), 24)];
    private static readonly IPNetwork[] KeepOff = [IPNetwork.Parse("10.99.0.0/24"), IPNetwork.Parse("10.42.0.0/24")];

    [Fact]
    public void Desired_OtherNodesOnTheLink_RouteTheirRangeViaTheirInternalIp()
    {
        var routes = PodRoutePlan.Desired([Node("self", "10.42.0.0/24", "10.99.0.1"), Node("b", "10.42.1.0/24", "10.99.0.2"), Node("c", "10.42.2.0/24", "10.99.0.3")], "self", OnLink, KeepOff);

        Assert.Equal(new Dictionary<string, string> { ["10.42.1.0/24"] = "10.99.0.2", ["10.42.2.0/24"] = "10.99.0.3" }, routes);
    }

    [Fact]
    public void Desired_NodesOffTheLinkOrWithoutRangeOrAddress_GetNoRoute()
    {
        var routes = PodRoutePlan.Desired(
            [Node("far", "10.42.1.0/24", "10.200.0.5"), Node("norange", null, "10.99.0.4"), Node("noip", "10.42.3.0/24", null), Node("loop", "10.42.4.0/24", "127.0.0.1")],
            "self",
            OnLink,
            KeepOff);

        Assert.Empty(routes);
    }

    [Fact]
    public void Desired_ARangeOverlappingOursOrAConnectedSubnet_IsNeverRouted()
    {
        // Another node claiming our range (or the link's subnet) must not replace the bridge's or link's own route.
        var routes = PodRoutePlan.Desired([Node("dup", "10.42.0.0/24", "10.99.0.2"), Node("wide", "10.99.0.0/16", "10.99.0.3")], "self", OnLink, KeepOff);

        Assert.Empty(routes);
    }

    [Theory]
    [InlineData("10.99.0.2", true)]
    [InlineData("10.99.0.1", false)]
    [InlineData("10.99.1.2", false)]
    [InlineData("127.0.0.1", false)]
    public void OnLink_AddressInAConnectedSubnet_True(string address, bool expected) =>
        Assert.Equal(expected, PodRoutePlan.OnLink(IPAddress.Parse(address), Local));

    private static bool OnLink(IPAddress address) => PodRoutePlan.OnLink(address, Local);

    private static JsonObject Node(string name, string? podCidr, string? internalIp)
    {
        var node = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = new JsonObject(), ["status"] = new JsonObject() };
        if (podCidr is not null)
        {
            node["spec"]!["podCIDR"] = podCidr;
        }

        if (internalIp is not null)
        {
            node["status"]!["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = internalIp }, new JsonObject { ["type"] = "Hostname", ["address"] = name });
        }

        return node;
    }
}
