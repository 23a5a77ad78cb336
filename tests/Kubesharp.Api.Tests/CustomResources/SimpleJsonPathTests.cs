using System.Text.Json.Nodes;
using Kubesharp.Api.CustomResources;

namespace Kubesharp.Api.Tests.CustomResources;

public sealed class SimpleJsonPathTests
{
    private static readonly JsonNode Obj = JsonNode.Parse("""
        {"spec":{"replicas":3,"items":[{"name":"a"},{"name":"b"}]},
         "status":{"conditions":[{"type":"Ready","status":"True"},{"type":"Synced","status":"False"}]}}
        """)!;

    [Theory]
    [InlineData(".spec.replicas", "3")]
    [InlineData("{.spec.replicas}", "3")]
    [InlineData(".spec.items[1].name", "\"b\"")]
    [InlineData(".spec.items[-1].name", "\"b\"")]
    [InlineData(".spec.items[*].name", "\"a\",\"b\"")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "\"True\"")]
    [InlineData(".status.conditions[?(@.type=='Synced')].status", "\"False\"")]
    [InlineData(".spec.missing", "")]
    [InlineData(".spec.items[5]", "")]
    public void Find_Path_SelectsNodes(string path, string expected)
    {
        Assert.Equal(expected, string.Join(",", SimpleJsonPath.Find(Obj, path).Select(n => n?.ToJsonString())));
    }

    [Theory]
    [InlineData(".spec.replicas", true)]
    [InlineData(".spec.items[0]", false)]
    [InlineData("spec.replicas", false)]
    [InlineData(".", false)]
    public void IsFieldPath_OnlyPlainDottedPaths(string path, bool expected)
    {
        Assert.Equal(expected, SimpleJsonPath.IsFieldPath(path));
    }
}
