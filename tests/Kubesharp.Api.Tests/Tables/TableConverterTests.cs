using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Tables;

namespace Kubesharp.Api.Tests.Tables;

public sealed class TableConverterTests
{
    private static readonly TableOptions Options = new() { Time = new FixedTime() };

    internal static ResourceType Resource(string group, string plural) =>
        BuiltInResources.All.First(r => r.Group == group && r.Plural == plural);

    internal static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    internal static string[] Cells(JsonObject table, int row = 0) =>
        [.. table["rows"]![row]!["cells"]!.AsArray().Select(c => c is null ? "null" : c.GetValueKind() == System.Text.Json.JsonValueKind.String ? c.GetValue<string>() : c.ToJsonString())];

    internal static string[] ColumnNames(JsonObject table) =>
        [.. table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())];

    [Fact]
    public void Convert_Envelope_IsAMetaV1Table()
    {
        var table = TableConverter.Convert(Resource("", "configmaps"), [Json("""{"metadata":{"name":"a"}}""")],
            Options with { ResourceVersion = "42", Continue = "next" });

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.GetValue<string>());
        Assert.Equal("42", table["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("next", table["metadata"]!["continue"]!.GetValue<string>());
        var name = table["columnDefinitions"]![0]!.AsObject();
        Assert.Equal(["name", "type", "format", "description", "priority"], name.Select(p => p.Key));
        Assert.Equal("name", name["format"]!.GetValue<string>());
        Assert.Equal(0, name["priority"]!.GetValue<int>());
    }

    [Fact]
    public void Convert_DefaultIncludeObject_IsPartialObjectMetadata()
    {
        var table = TableConverter.Convert(Resource("", "configmaps"), [Json("""{"kind":"ConfigMap","metadata":{"name":"a","uid":"u"},"data":{"k":"v"}}""")], Options);

        var obj = table["rows"]![0]!["object"]!;
        Assert.Equal("PartialObjectMetadata", obj["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", obj["apiVersion"]!.GetValue<string>());
        Assert.Equal("u", obj["metadata"]!["uid"]!.GetValue<string>());
        Assert.Null(obj["data"]);
    }

    [Fact]
    public void Convert_IncludeObjectObjectAndNone()
    {
        var cm = Json("""{"kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"v"}}""");

        var full = TableConverter.Convert(Resource("", "configmaps"), [cm], Options with { IncludeObject = IncludeObjectPolicy.Object });
        var none = TableConverter.Convert(Resource("", "configmaps"), [cm], Options with { IncludeObject = IncludeObjectPolicy.None });

        Assert.Equal("v", full["rows"]![0]!["object"]!["data"]!["k"]!.GetValue<string>());
        Assert.True(none["rows"]![0]!.AsObject().ContainsKey("object"));
        Assert.Null(none["rows"]![0]!["object"]);
        Assert.Equal("""{"kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"v"}}""", cm.ToJsonString());
    }

    [Fact]
    public void Convert_NoHeaders_LeavesColumnsEmpty()
    {
        var table = TableConverter.Convert(Resource("", "configmaps"), [], Options with { NoHeaders = true });

        Assert.Empty(table["columnDefinitions"]!.AsArray());
        Assert.Empty(table["rows"]!.AsArray());
    }

    [Theory]
    [InlineData(null, true, IncludeObjectPolicy.Metadata)]
    [InlineData("Object", true, IncludeObjectPolicy.Object)]
    [InlineData("None", true, IncludeObjectPolicy.None)]
    [InlineData("object", false, IncludeObjectPolicy.Metadata)]
    public void TryParseIncludeObject_AcceptsUpstreamValues(string? value, bool ok, IncludeObjectPolicy expected)
    {
        Assert.Equal(ok, TableOptions.TryParseIncludeObject(value, out var policy));
        Assert.Equal(expected, policy);
    }

    [Fact]
    public void Convert_KindWithoutPrinter_HasNameAndCreatedAt()
    {
        var table = TableConverter.Convert(Resource("rbac.authorization.k8s.io", "clusterroles"),
            [Json("""{"metadata":{"name":"admin","creationTimestamp":"2024-05-01T10:00:00Z"}}""")], Options);

        Assert.Equal(["Name", "Created At"], ColumnNames(table));
        Assert.Equal("date", table["columnDefinitions"]![1]!["type"]!.GetValue<string>());
        Assert.Equal(["admin", "2024-05-01T10:00:00Z"], Cells(table));
        Assert.False(TableConverter.HasCustomColumns(Resource("rbac.authorization.k8s.io", "roles")));
    }

    [Fact]
    public void Convert_CustomResource_HasNameAndCreatedAt()
    {
        var widgets = new ResourceType("example.com", "v1", "widgets", "Widget", true, [], []);

        Assert.Equal(["Name", "Created At"], ColumnNames(TableConverter.Convert(widgets, [], Options)));
    }

    public static TheoryData<string, string> AllBuiltIns()
    {
        var data = new TheoryData<string, string>();
        foreach (var resource in BuiltInResources.All)
        {
            data.Add(resource.Group, resource.Plural);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllBuiltIns))]
    public void Convert_OddObjects_NeverThrowAndFillEveryColumn(string group, string plural)
    {
        var resource = BuiltInResources.All.First(r => r.Group == group && r.Plural == plural);
        JsonObject[] odd =
        [
            new JsonObject(),
            Json("""{"metadata":{"name":7,"creationTimestamp":"garbage"},"spec":"x","status":[1]}"""),
            Json("""{"metadata":{"name":"n"},"spec":{"containers":"x","ports":[1,null],"selector":{"matchExpressions":[{"key":"a","operator":"Nope"}]}},"status":{"conditions":[null,3]}}"""),
        ];

        var table = TableConverter.Convert(resource, odd, Options);

        var columns = table["columnDefinitions"]!.AsArray().Count;
        Assert.All(table["rows"]!.AsArray(), row => Assert.Equal(columns, row!["cells"]!.AsArray().Count));
    }
}
