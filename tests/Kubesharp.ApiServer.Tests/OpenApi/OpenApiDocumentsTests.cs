using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Schema;
using Kubesharp.ApiServer.OpenApi;

namespace Kubesharp.ApiServer.Tests.OpenApi;

public sealed class OpenApiDocumentsTests
{
    private static readonly OpenApiDocuments Documents = new(BuiltInResources.All, SchemaDefinitions.BuiltIn);

    [Fact]
    public void V3Index_ListsEveryGroupVersionWithHashedUrl()
    {
        var paths = JsonNode.Parse(Documents.V3Index.Body)!["paths"]!.AsObject();
        Assert.StartsWith("/openapi/v3/api/v1?hash=", (string?)paths["api/v1"]!["serverRelativeURL"]);
        Assert.NotNull(paths["apis/apps/v1"]);
        Assert.NotNull(paths["apis/autoscaling/v2"]);
        Assert.NotNull(paths["apis/autoscaling/v1"]);
        Assert.NotNull(paths["apis/rbac.authorization.k8s.io/v1"]);
    }

    [Fact]
    public void V3CoreDocument_PodSchemaHasGvkAndMergeKeys()
    {
        var document = JsonNode.Parse(Documents.V3("api/v1")!.Body)!.AsObject();
        Assert.Equal("3.0.0", (string?)document["openapi"]);
        var schemas = document["components"]!["schemas"]!.AsObject();
        var pod = schemas["io.k8s.api.core.v1.Pod"]!;
        var gvk = pod["x-kubernetes-group-version-kind"]![0]!;
        Assert.Equal(("", "v1", "Pod"), ((string?)gvk["group"], (string?)gvk["version"], (string?)gvk["kind"]));
        // A v3 $ref with a description beside it is wrapped in allOf, as upstream publishes it.
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.PodSpec", (string?)pod["properties"]!["spec"]!["allOf"]![0]!["$ref"]);
        var containers = schemas["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!;
        Assert.Equal("name", (string?)containers["x-kubernetes-patch-merge-key"]);
        Assert.Equal("merge", (string?)containers["x-kubernetes-patch-strategy"]);
        Assert.Equal("map", (string?)containers["x-kubernetes-list-type"]);
        Assert.NotNull(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]);
        Assert.Null(schemas["io.k8s.api.apps.v1.Deployment"]);
        var list = document["paths"]!["/api/v1/namespaces/{namespace}/pods"]!["get"]!;
        Assert.Equal("Pod", (string?)list["x-kubernetes-group-version-kind"]!["kind"]);
    }

    [Fact]
    public void V3SchedulingDocument_HasPriorityClassWithGvkAndClusterPaths()
    {
        var document = JsonNode.Parse(Documents.V3("apis/scheduling.k8s.io/v1")!.Body)!.AsObject();
        var pc = document["components"]!["schemas"]!["io.k8s.api.scheduling.v1.PriorityClass"]!;
        var gvk = pc["x-kubernetes-group-version-kind"]![0]!;

        Assert.Equal(("scheduling.k8s.io", "v1", "PriorityClass"), ((string?)gvk["group"], (string?)gvk["version"], (string?)gvk["kind"]));
        Assert.Equal("integer", (string?)pc["properties"]!["value"]!["type"]);
        Assert.NotNull(document["paths"]!["/apis/scheduling.k8s.io/v1/priorityclasses/{name}"]);
    }

    [Fact]
    public void V3_UnknownPath_IsNull() => Assert.Null(Documents.V3("apis/nope/v1"));

    [Fact]
    public void V2Json_HasDefinitionsWithDescriptions()
    {
        var document = JsonNode.Parse(Documents.V2Json.Body)!.AsObject();
        Assert.Equal("2.0", (string?)document["swagger"]);
        var deployment = document["definitions"]!["io.k8s.api.apps.v1.Deployment"]!;
        Assert.Contains("Deployment", (string?)deployment["description"], StringComparison.Ordinal);
        Assert.Equal("#/definitions/io.k8s.api.apps.v1.DeploymentSpec", (string?)deployment["properties"]!["spec"]!["$ref"]);
    }

    [Fact]
    public void V2Protobuf_StartsWithSwaggerVersionField()
    {
        var bytes = Documents.V2Protobuf.Body;
        // Field 1 (swagger), wire type 2, length 3, "2.0".
        Assert.Equal(new byte[] { 0x0A, 3, (byte)'2', (byte)'.', (byte)'0' }, bytes[..5]);
        Assert.True(bytes.Length > 100_000);
    }
}
