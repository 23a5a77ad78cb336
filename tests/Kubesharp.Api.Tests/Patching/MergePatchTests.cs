using Kubesharp.Api.Patching;
using static Kubesharp.Api.Tests.Patching.PatchTestHelpers;

namespace Kubesharp.Api.Tests.Patching;

public sealed class MergePatchTests
{
    [Fact]
    public void Apply_NullDeletesObjectsMergeArraysReplace()
    {
        var result = Patch(
            """{"metadata":{"name":"a","labels":{"x":"1","y":"2"}},"spec":{"list":[1,2],"keep":true}}""",
            """{"metadata":{"labels":{"x":null,"z":"3"}},"spec":{"list":[3]}}""",
            PatchType.Merge);
        AssertJson("""{"metadata":{"name":"a","labels":{"y":"2","z":"3"}},"spec":{"list":[3],"keep":true}}""", result);
    }

    [Fact]
    public void Apply_ObjectOverScalar_ReplacesWithPatchWithoutNulls()
    {
        var result = Patch("""{"a":"scalar"}""", """{"a":{"b":1,"c":null}}""", PatchType.Merge);
        AssertJson("""{"a":{"b":1}}""", result);
    }

    [Theory]
    [InlineData("{oops")]
    [InlineData("[1,2]")]
    public void Apply_BodyNotAnObject_Throws400(string patch)
    {
        var e = Assert.Throws<PatchException>(() => Patch("{}", patch, PatchType.Merge));
        Assert.Equal(400, e.StatusCode);
    }
}
