using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Env;

namespace Kubesharp.Kubelet.Tests.Env;

public sealed class ResourceFieldRefsTests
{
    private static readonly NodeAllocatable Node = new(2000, 8L * 1024 * 1024 * 1024);

    private static JsonObject Container(string? resources) =>
        JsonNode.Parse($$"""{"name":"c","resources":{{resources ?? "{}"}}}""")!.AsObject();

    [Theory]
    [InlineData("""{"limits":{"cpu":"500m","memory":"64Mi"}}""", "limits.cpu", null, "1")]
    [InlineData("""{"limits":{"cpu":"500m"}}""", "limits.cpu", "1m", "500")]
    [InlineData("""{"limits":{"cpu":"1500m"}}""", "limits.cpu", "1", "2")]
    [InlineData("""{"limits":{"cpu":2}}""", "limits.cpu", "1m", "2000")]
    [InlineData("""{"limits":{"memory":"64Mi"}}""", "limits.memory", null, "67108864")]
    [InlineData("""{"limits":{"memory":"64Mi"}}""", "limits.memory", "1Mi", "64")]
    [InlineData("""{"limits":{"memory":"65M"}}""", "limits.memory", "1Mi", "62")]
    [InlineData(null, "limits.cpu", null, "2")]
    [InlineData(null, "limits.cpu", "1m", "2000")]
    [InlineData(null, "limits.memory", "1Gi", "8")]
    [InlineData("""{"requests":{"cpu":"250m"}}""", "requests.cpu", "1m", "250")]
    [InlineData("""{"limits":{"cpu":"300m"}}""", "requests.cpu", "1m", "300")]
    [InlineData(null, "requests.cpu", "1m", "0")]
    [InlineData(null, "requests.memory", null, "0")]
    public void Value_Table_MatchesUpstream(string? resources, string resource, string? divisor, string expected)
    {
        var reference = new JsonObject { ["resource"] = resource };
        if (divisor is not null)
        {
            reference["divisor"] = divisor;
        }

        Assert.Equal(expected, ResourceFieldRefs.Value(Container(resources), reference, Node));
    }

    [Fact]
    public void Value_UnknownResource_ThrowsUpstreamMessage()
    {
        var e = Assert.Throws<ContainerConfigException>(() => ResourceFieldRefs.Value(Container(null), new JsonObject { ["resource"] = "limits.gpu" }, Node));
        Assert.Equal("unsupported container resource : limits.gpu", e.Message);
    }
}
