using Kubesharp.Api.Catalog;
using Kubesharp.Api.CustomResources;
using Kubesharp.Api.Tables;
using Kubesharp.Api.Tests.Tables;

namespace Kubesharp.Api.Tests.CustomResources;

public sealed class CustomResourceDefinitionsTests
{
    [Fact]
    public void ResourceTypes_ServedVersionsOnly_WithNamesAndSubresources()
    {
        var types = CustomResourceDefinitions.ResourceTypes(Crds.Parse());

        Assert.Equal(["v1", "v1beta1"], types.Select(t => t.Version));
        var v1 = types[0];
        Assert.Equal(("stable.example.com", "crontabs", "CronTab", "crontab"), (v1.Group, v1.Plural, v1.Kind, v1.Singular));
        Assert.True(v1.Namespaced);
        Assert.Equal(["ct"], v1.ShortNames);
        Assert.Equal(["all"], v1.Categories);
        Assert.Equal(["status", "scale"], v1.Subresources);
        Assert.Equal("/registry/stable.example.com/crontabs/", v1.StorePrefix);
        Assert.Equal(new ScalePaths(".spec.replicas", ".status.replicas", ".status.labelSelector"), v1.Custom!.Scale);
        Assert.Equal("v1", types[1].Custom!.StorageVersion);
        Assert.Empty(types[1].Subresources);
        Assert.Equal([CustomResourceDefinitions.AgeColumn], types[1].Custom!.Columns);
    }

    [Fact]
    public void TableConverter_CustomResource_UsesPrinterColumns()
    {
        var type = CustomResourceDefinitions.ResourceTypes(Crds.Parse())[0];
        var created = new FixedTime().GetUtcNow().AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var obj = System.Text.Json.Nodes.JsonNode.Parse($$$"""{"metadata":{"name":"c1","creationTimestamp":"{{{created}}}"},"spec":{"cronSpec":"* * * * */5","replicas":2}}""")!.AsObject();

        var table = TableConverter.Convert(type, [obj], new TableOptions { Time = new FixedTime() });

        Assert.Equal(["Name", "Spec", "Replicas", "Age"], table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]));
        Assert.Equal("integer", (string?)table["columnDefinitions"]![2]!["type"]);
        Assert.Equal("""["c1","* * * * */5",2,"5m"]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public void TableConverter_MissingColumnValue_IsNullCell()
    {
        var type = CustomResourceDefinitions.ResourceTypes(Crds.Parse())[0];
        var obj = System.Text.Json.Nodes.JsonNode.Parse("""{"metadata":{"name":"c2"},"spec":{}}""")!.AsObject();

        var table = TableConverter.Convert(type, [obj], new TableOptions { Time = new FixedTime() });

        Assert.Equal("""["c2",null,null,null]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public void OpenApi_Definitions_NamedByReversedGroupWithGvk()
    {
        IReadOnlyList<ResourceType> types = CustomResourceDefinitions.ResourceTypes(Crds.Parse());

        var definitions = CustomResourceOpenApi.Definitions(types);

        Assert.Contains("com.example.stable.v1.CronTab", definitions.Keys);
        Assert.Contains("com.example.stable.v1.CronTabList", definitions.Keys);
        Assert.Contains("com.example.stable.v1beta1.CronTab", definitions.Keys);
        var kind = definitions["com.example.stable.v1.CronTab"];
        Assert.Equal("""[{"group":"stable.example.com","kind":"CronTab","version":"v1"}]""", kind["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.Equal("integer", (string?)kind["properties"]!["spec"]!["properties"]!["replicas"]!["type"]);
        Assert.Null(kind["properties"]!["spec"]!["properties"]!["replicas"]!["default"]);
        Assert.NotNull(kind["properties"]!["metadata"]);
    }
}
