using Kubesharp.ApiServer.Endpoints;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Tests.Endpoints;

public sealed class ResourcePathParserTests
{
    [Theory]
    [InlineData("configmaps", "configmaps", null, null, null)]
    [InlineData("namespaces/default/configmaps", "configmaps", "default", null, null)]
    [InlineData("namespaces/default/configmaps/x", "configmaps", "default", "x", null)]
    [InlineData("namespaces/default/pods/p/status", "pods", "default", "p", "status")]
    [InlineData("namespaces", "namespaces", null, null, null)]
    [InlineData("namespaces/kube-system", "namespaces", null, "kube-system", null)]
    [InlineData("namespaces/kube-system/status", "namespaces", null, "kube-system", "status")]
    [InlineData("namespaces/kube-system/finalize", "namespaces", null, "kube-system", "finalize")]
    [InlineData("nodes/n1", "nodes", null, "n1", null)]
    public void Parse_CorePaths_FindResourceNamespaceNameAndSubresource(string rest, string plural, string? ns, string? name, string? subresource)
    {
        var path = ResourcePathParser.Parse(Resources.Catalog, "", "v1", rest);

        Assert.Equal(plural, path.Type.Plural);
        Assert.Equal(ns, path.Namespace);
        Assert.Equal(name, path.Name);
        Assert.Equal(subresource, path.Subresource);
        Assert.False(path.LegacyWatch);
    }

    [Theory]
    [InlineData("nodes/n1/proxy", "")]
    [InlineData("nodes/n1/proxy/", "/")]
    [InlineData("nodes/n1/proxy/stats/summary", "/stats/summary")]
    [InlineData("nodes/n1/proxy/metrics/resource", "/metrics/resource")]
    public void Parse_NodeProxy_KeepsThePathAfterProxy(string rest, string proxyPath)
    {
        var path = ResourcePathParser.Parse(Resources.Catalog, "", "v1", rest);

        Assert.Equal("nodes", path.Type.Plural);
        Assert.Equal("n1", path.Name);
        Assert.Equal("proxy", path.Subresource);
        Assert.Equal(proxyPath, path.ProxyPath);
    }

    [Fact]
    public void Parse_NamespacedProxy_KeepsThePathAfterProxy()
    {
        var path = ResourcePathParser.Parse(Resources.Catalog, "", "v1", "namespaces/default/services/web/proxy/index.html");

        Assert.Equal("services", path.Type.Plural);
        Assert.Equal("default", path.Namespace);
        Assert.Equal("proxy", path.Subresource);
        Assert.Equal("/index.html", path.ProxyPath);
    }

    [Fact]
    public void Parse_GroupPath_FindsGroupResource()
    {
        var path = ResourcePathParser.Parse(Resources.Catalog, "apps", "v1", "namespaces/ns1/deployments/web/scale");

        Assert.Equal("Deployment", path.Type.Kind);
        Assert.Equal("ns1", path.Namespace);
        Assert.Equal("web", path.Name);
        Assert.Equal("scale", path.Subresource);
    }

    [Fact]
    public void Parse_LegacyWatchPath_MarksWatch()
    {
        var path = ResourcePathParser.Parse(Resources.Catalog, "", "v1", "watch/namespaces/default/configmaps");

        Assert.True(path.LegacyWatch);
        Assert.Equal("default", path.Namespace);
    }

    [Theory]
    [InlineData("", "v1", "foos")]
    [InlineData("apps", "v1", "configmaps")]
    [InlineData("", "v1", "configmaps/x")] // namespaced object without a namespace
    [InlineData("", "v1", "namespaces/default/nodes")] // cluster-scoped under a namespace
    [InlineData("", "v1", "namespaces/default/configmaps/x/status")] // configmaps have no status
    [InlineData("", "v1", "namespaces/default/configmaps/x/y/z")]
    [InlineData("", "v1", "namespaces/default/configmaps//")]
    [InlineData("", "v1", "nodes/n1/status/stats")] // only proxy takes a path
    [InlineData("", "v1", "namespaces/default/configmaps/x/proxy/y")] // configmaps have no proxy
    public void Parse_UnknownOrMalformed_Is404(string group, string version, string rest)
    {
        var e = Assert.Throws<ApiException>(() => ResourcePathParser.Parse(Resources.Catalog, group, version, rest));

        Assert.Equal(404, e.Code);
        Assert.Equal("NotFound", e.Reason);
    }
}
