using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.Api.Patching;

namespace Kubesharp.Api.Tests.Patching;

internal static class PatchTestHelpers
{
    public static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    public static JsonObject Patch(string current, string patch, PatchType type, string apiVersion = "v1", string kind = "ConfigMap") =>
        Patcher.Apply(Obj(current), Encoding.UTF8.GetBytes(patch), new PatchRequest(type, apiVersion, kind));

    public static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {JsonNode.Parse(expected)!.ToJsonString()}\n  actual {actual?.ToJsonString()}");
}
