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
    public void Parse_UnknownOrMalformed_Is404(string group, string version, string rest)
    {
        var e = Assert.Throws<ApiException>(() => ResourcePathParser.Parse(Resources.Catalog, group, version, rest));

        Assert.Equal(404, e.Code);
        Assert.Equal("NotFound", e.Reason);
    }
}
