using System.Text;
using Kubesharp.Api.Patching;
using static Kubesharp.Api.Tests.Patching.PatchTestHelpers;

namespace Kubesharp.Api.Tests.Patching;

public sealed class JsonPatchTests
{
    private const string Doc = """{"metadata":{"name":"a","labels":{"x":"1"}},"data":{"k":"v"},"list":[1,2,3]}""";

    [Fact]
    public void Apply_AddReplaceRemove_AppliedInOrder()
    {
        var result = Patch(Doc, """
            [{"op":"add","path":"/metadata/labels/y","value":"2"},
             {"op":"replace","path":"/data/k","value":"w"},
             {"op":"remove","path":"/metadata/labels/x"}]
            """, PatchType.Json);
        AssertJson("""{"metadata":{"name":"a","labels":{"y":"2"}},"data":{"k":"w"},"list":[1,2,3]}""", result);
    }

    [Fact]
    public void Apply_EscapedPointer_AddsKeyWithSlashAndTilde()
    {
        var result = Patch(Doc, """[{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"n"},{"op":"add","path":"/metadata/labels/a~0b","value":"t"}]""", PatchType.Json);
        Assert.Equal("n", (string?)result["metadata"]!["labels"]!["app.kubernetes.io/name"]);
        Assert.Equal("t", (string?)result["metadata"]!["labels"]!["a~b"]);
    }

    [Fact]
    public void Apply_ArrayIndexAndDash_InsertsAndAppends()
    {
        var result = Patch(Doc, """[{"op":"add","path":"/list/0","value":0},{"op":"add","path":"/list/-","value":4},{"op":"remove","path":"/list/2"}]""", PatchType.Json);
        AssertJson("[0,1,3,4]", result["list"]);
    }

    [Fact]
    public void Apply_MoveAndCopy_MoveRemovesSourceCopyKeepsIt()
    {
        var result = Patch(Doc, """[{"op":"copy","from":"/data/k","path":"/data/c"},{"op":"move","from":"/metadata/labels/x","path":"/data/m"}]""", PatchType.Json);
        AssertJson("""{"k":"v","c":"v","m":"1"}""", result["data"]);
        AssertJson("{}", result["metadata"]!["labels"]);
    }

    [Fact]
    public void Apply_TestSucceeds_ContinuesWithNextOperation()
    {
        var result = Patch(Doc, """[{"op":"test","path":"/data/k","value":"v"},{"op":"replace","path":"/data/k","value":"w"}]""", PatchType.Json);
        Assert.Equal("w", (string?)result["data"]!["k"]);
    }

    [Theory]
    [InlineData("""[{"op":"test","path":"/data/k","value":"other"}]""", "testing value /data/k failed")]
    [InlineData("""[{"op":"remove","path":"/data/missing"}]""", "Unable to remove nonexistent key: /data/missing")]
    [InlineData("""[{"op":"replace","path":"/data/missing","value":1}]""", "replace operation does not apply")]
    [InlineData("""[{"op":"add","path":"/nope/deeper","value":1}]""", "add operation does not apply: doc is missing path")]
    [InlineData("""[{"op":"add","path":"/list/9","value":1}]""", "Unable to access invalid index: 9")]
    [InlineData("""[{"op":"frobnicate","path":"/data"}]""", "Unexpected kind: frobnicate")]
    [InlineData("""[{"op":"add","path":"/data/x"}]""", "missing a \"value\"")]
    public void Apply_OperationFails_Throws422WithUpstreamWording(string patch, string message)
    {
        var e = Assert.Throws<PatchException>(() => Patch(Doc, patch, PatchType.Json));
        Assert.Equal(422, e.StatusCode);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"op":"add"}""")]
    [InlineData("[1]")]
    public void Apply_MalformedBody_Throws400(string patch)
    {
        var e = Assert.Throws<PatchException>(() => Patch(Doc, patch, PatchType.Json));
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void Apply_FailureAfterEarlierOperations_LeavesCurrentUntouched()
    {
        var current = Obj(Doc);
        var before = current.ToJsonString();
        Assert.Throws<PatchException>(() => Patcher.Apply(current, Encoding.UTF8.GetBytes("""[{"op":"remove","path":"/data/k"},{"op":"test","path":"/list/0","value":9}]"""), new PatchRequest(PatchType.Json, "v1", "ConfigMap")));
        Assert.Equal(before, current.ToJsonString());
    }

    [Fact]
    public void Apply_Success_DoesNotMutateCurrent()
    {
        var current = Obj(Doc);
        var before = current.ToJsonString();
        var result = Patcher.Apply(current, Encoding.UTF8.GetBytes("""[{"op":"remove","path":"/data/k"}]"""), new PatchRequest(PatchType.Json, "v1", "ConfigMap"));
        Assert.Equal(before, current.ToJsonString());
        Assert.NotSame(current, result);
    }

    [Fact]
    public void Apply_ChangesName_PassedThroughForValidation()
    {
        var result = Patch(Doc, """[{"op":"replace","path":"/metadata/name","value":"b"}]""", PatchType.Json);
        Assert.Equal("b", (string?)result["metadata"]!["name"]);
    }

    [Fact]
    public void Apply_TooManyOperations_Throws413()
    {
        var ops = string.Join(",", Enumerable.Repeat("""{"op":"test","path":"/data/k","value":"v"}""", JsonPatch.MaxOperations + 1));
        var e = Assert.Throws<PatchException>(() => Patch(Doc, $"[{ops}]", PatchType.Json));
        Assert.Equal(413, e.StatusCode);
    }
}
