using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Discovery;

namespace Kubesharp.ApiServer.Tests.Discovery;

public sealed class DiscoverySnapshotTests
{
    private readonly DiscoverySnapshot _snapshot = new(BuiltInResources.All);

    private JsonObject Json(string path) => JsonNode.Parse(_snapshot.Find(path)!.Body)!.AsObject();

    [Fact]
    public void CoreResourceList_Pods_HaveShortNameCategoriesAndSubresources()
    {
        var list = Json("/api/v1");
        Assert.Equal("APIResourceList", (string?)list["kind"]);
        Assert.Equal("v1", (string?)list["groupVersion"]);
        var resources = list["resources"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var pods = resources.Single(r => (string?)r["name"] == "pods");
        Assert.Equal("pod", (string?)pods["singularName"]);
        Assert.True((bool)pods["namespaced"]!);
        Assert.Equal("Pod", (string?)pods["kind"]);
        Assert.Equal(["po"], pods["shortNames"]!.AsArray().Select(s => (string)s!));
        Assert.Contains("all", pods["categories"]!.AsArray().Select(s => (string)s!));
        Assert.Contains("watch", pods["verbs"]!.AsArray().Select(s => (string)s!));
        var status = resources.Single(r => (string?)r["name"] == "pods/status");
        Assert.Equal("Pod", (string?)status["kind"]);
        Assert.Equal(["get", "patch", "update"], status["verbs"]!.AsArray().Select(s => (string)s!));
        Assert.Contains(resources, r => (string?)r["name"] == "pods/log");
    }

    [Fact]
    public void AppsResourceList_DeploymentScale_IsAutoscalingV1Scale()
    {
        var resources = Json("/apis/apps/v1")["resources"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var scale = resources.Single(r => (string?)r["name"] == "deployments/scale");
        Assert.Equal("autoscaling", (string?)scale["group"]);
        Assert.Equal("v1", (string?)scale["version"]);
        Assert.Equal("Scale", (string?)scale["kind"]);
        Assert.Equal(["deploy"], resources.Single(r => (string?)r["name"] == "deployments")["shortNames"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public void GroupList_Autoscaling_PrefersV2()
    {
        var groups = Json("/apis")["groups"]!.AsArray().Select(g => g!.AsObject()).ToList();
        Assert.DoesNotContain(groups, g => (string?)g["name"] == "");
        var autoscaling = groups.Single(g => (string?)g["name"] == "autoscaling");
        Assert.Equal("autoscaling/v2", (string?)autoscaling["preferredVersion"]!["groupVersion"]);
        Assert.Equal(["v2", "v1"], autoscaling["versions"]!.AsArray().Select(v => (string)v!["version"]!));
        Assert.Equal("APIGroup", (string?)Json("/apis/autoscaling")["kind"]);
    }

    [Fact]
    public void Find_UnknownGroupVersion_ReturnsNull()
    {
        Assert.Null(_snapshot.Find("/apis/apps/v9"));
        Assert.Null(_snapshot.Find("/apis/nope.example.com"));
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v2beta1")]
    public void Aggregated_Apis_DescribesResourcesAndFreshness(string version)
    {
        var list = JsonNode.Parse(_snapshot.Aggregated("/apis", version).Body)!.AsObject();
        Assert.Equal("APIGroupDiscoveryList", (string?)list["kind"]);
        Assert.Equal($"apidiscovery.k8s.io/{version}", (string?)list["apiVersion"]);
        var apps = list["items"]!.AsArray().Single(i => (string?)i!["metadata"]!["name"] == "apps")!;
        var v1 = apps["versions"]!.AsArray().Single()!;
        Assert.Equal("Current", (string?)v1["freshness"]);
        var deployments = v1["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "deployments")!;
        Assert.Equal("Namespaced", (string?)deployments["scope"]);
        Assert.Equal("deployment", (string?)deployments["singularResource"]);
        Assert.Equal("Deployment", (string?)deployments["responseKind"]!["kind"]);
        var scale = deployments["subresources"]!.AsArray().Single(s => (string?)s!["subresource"] == "scale")!;
        Assert.Equal("Scale", (string?)scale["responseKind"]!["kind"]);
        Assert.Equal("autoscaling", (string?)scale["responseKind"]!["group"]);
        var autoscaling = list["items"]!.AsArray().Single(i => (string?)i!["metadata"]!["name"] == "autoscaling")!;
        Assert.Equal("v2", (string?)autoscaling["versions"]![0]!["version"]);
    }

    [Fact]
    public void Aggregated_Api_HasOnlyTheCoreGroupWithClusterScopedNodes()
    {
        var list = JsonNode.Parse(_snapshot.Aggregated("/api", "v2").Body)!.AsObject();
        var core = list["items"]!.AsArray().Single()!;
        Assert.Null(core["metadata"]!["name"]);
        var nodes = core["versions"]![0]!["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "nodes")!;
        Assert.Equal("Cluster", (string?)nodes["scope"]);
    }

    [Fact]
    public void Rebuild_AfterCatalogChange_ServesNewGroup()
    {
        var catalog = new ResourceCatalog(BuiltInResources.All);
        var documents = new DiscoveryDocuments(catalog);
        Assert.Null(documents.Current.Find("/apis/example.com/v1"));
        catalog.SetCustomGroupResources("example.com", "widgets", [new ResourceType("example.com", "v1", "widgets", "Widget", true, ["wd"], [])]);
        Assert.NotNull(documents.Current.Find("/apis/example.com/v1"));
    }
}
