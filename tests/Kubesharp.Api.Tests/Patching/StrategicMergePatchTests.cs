using System.Text;
using Kubesharp.Api.Patching;
using static Kubesharp.Api.Tests.Patching.PatchTestHelpers;

namespace Kubesharp.Api.Tests.Patching;

public sealed class StrategicMergePatchTests
{
    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"1"},"finalizers":["f1","f2"]},
         "spec":{"containers":[{"name":"app","image":"nginx:1","env":[{"name":"A","value":"1"}]},{"name":"side","image":"busybox"}],
                 "tolerations":[{"key":"k1","operator":"Exists"}],
                 "volumes":[{"name":"v","configMap":{"name":"cm"}}]}}
        """;

    private static System.Text.Json.Nodes.JsonObject Smp(string patch, string current = Pod, string apiVersion = "v1", string kind = "Pod") =>
        Patch(current, patch, PatchType.StrategicMerge, apiVersion, kind);

    [Fact]
    public void Apply_ContainersWithMergeKey_MergeByNameAndAppendNew()
    {
        var r = Smp("""{"spec":{"containers":[{"name":"side","image":"busybox:2"},{"name":"new","image":"redis"}]}}""");
        AssertJson("""
            [{"name":"app","image":"nginx:1","env":[{"name":"A","value":"1"}]},{"name":"side","image":"busybox:2"},{"name":"new","image":"redis"}]
            """, r["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_NestedMergeList_EnvMergesByNameInsideContainer()
    {
        var r = Smp("""{"spec":{"containers":[{"name":"app","env":[{"name":"B","value":"2"}]}]}}""");
        // Without $setElementOrder upstream places a new patch item before the server-only items.
        AssertJson("""[{"name":"B","value":"2"},{"name":"A","value":"1"}]""", r["spec"]!["containers"]![0]!["env"]);
        Assert.Equal("nginx:1", (string?)r["spec"]!["containers"]![0]!["image"]);
    }

    [Fact]
    public void Apply_KubectlSetImageOnDeployment_ReplacesTheImageInTheTemplate()
    {
        const string deployment = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}
            """;

        // What `kubectl set image deployment/web c=busybox:2` sends.
        var r = Smp("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"c"}],"containers":[{"image":"busybox:2","name":"c"}]}}}}""", deployment, "apps/v1", "Deployment");

        AssertJson("""[{"name":"c","image":"busybox:2"}]""", r["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_ListWithoutStrategy_IsReplaced()
    {
        var r = Smp("""{"spec":{"tolerations":[{"key":"k2","operator":"Exists"}]}}""");
        AssertJson("""[{"key":"k2","operator":"Exists"}]""", r["spec"]!["tolerations"]);
    }

    [Fact]
    public void Apply_DeleteDirectiveInList_RemovesItemByKey()
    {
        var r = Smp("""{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}""");
        AssertJson("""[{"name":"app","image":"nginx:1","env":[{"name":"A","value":"1"}]}]""", r["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_ReplaceDirectiveInList_ReplacesWholeList()
    {
        var r = Smp("""{"spec":{"containers":[{"name":"only","image":"x"},{"$patch":"replace"}]}}""");
        AssertJson("""[{"name":"only","image":"x"}]""", r["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_ReplaceDirectiveInObject_ReplacesObject()
    {
        var r = Smp("""{"metadata":{"labels":{"b":"2","$patch":"replace"}}}""");
        AssertJson("""{"b":"2"}""", r["metadata"]!["labels"]);
    }

    [Fact]
    public void Apply_DeleteDirectiveInObject_EmptiesObject()
    {
        var r = Smp("""{"metadata":{"labels":{"$patch":"delete"}}}""");
        AssertJson("{}", r["metadata"]!["labels"]);
    }

    [Fact]
    public void Apply_Null_DeletesField()
    {
        var r = Smp("""{"metadata":{"labels":{"a":null}},"spec":{"tolerations":null}}""");
        AssertJson("{}", r["metadata"]!["labels"]);
        Assert.False(r["spec"]!.AsObject().ContainsKey("tolerations"));
    }

    [Fact]
    public void Apply_PrimitiveMergeList_UnionInUpstreamOrder()
    {
        // Upstream puts patch items first unless the live list orders them after a server-only item.
        var r = Smp("""{"metadata":{"finalizers":["f3","f1"]}}""");
        AssertJson("""["f3","f1","f2"]""", r["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Apply_DeleteFromPrimitiveList_RemovesValues()
    {
        var r = Smp("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["f1"]}}""");
        AssertJson("""["f2"]""", r["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Apply_SetElementOrder_OrdersMergedList()
    {
        var r = Smp("""{"spec":{"$setElementOrder/containers":[{"name":"side"},{"name":"app"}],"containers":[{"name":"side","image":"b2"}]}}""");
        Assert.Equal("side", (string?)r["spec"]!["containers"]![0]!["name"]);
        Assert.Equal("b2", (string?)r["spec"]!["containers"]![0]!["image"]);
        Assert.Equal("app", (string?)r["spec"]!["containers"]![1]!["name"]);
        Assert.DoesNotContain("$setElementOrder", r.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_KubectlApplyStylePatch_RemovesOmittedContainerAndKeepsOrder()
    {
        // What kubectl apply sends when a container was dropped from the manifest.
        var r = Smp("""{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[{"$patch":"delete","name":"side"}]}}""");
        AssertJson("""[{"name":"app","image":"nginx:1","env":[{"name":"A","value":"1"}]}]""", r["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_RetainKeys_ClearsOtherKeysOfVolumeSource()
    {
        var r = Smp("""{"spec":{"volumes":[{"name":"v","$retainKeys":["name","secret"],"secret":{"secretName":"s"}}]}}""");
        AssertJson("""[{"name":"v","secret":{"secretName":"s"}}]""", r["spec"]!["volumes"]);
    }

    [Fact]
    public void Apply_RetainKeysMissingPatchedKey_Throws400()
    {
        var e = Assert.Throws<PatchException>(() => Smp("""{"spec":{"volumes":[{"name":"v","$retainKeys":["name"],"secret":{"secretName":"s"}}]}}"""));
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void Apply_DeploymentStrategyRetainKeys_DropsRollingUpdate()
    {
        const string deployment = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""";
        var r = Smp("""{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""", deployment, "apps/v1", "Deployment");
        AssertJson("""{"type":"Recreate"}""", r["spec"]!["strategy"]);
    }

    [Fact]
    public void Apply_DeploymentTemplateContainers_MergeByName()
    {
        const string deployment = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"template":{"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"1"}]}}}}""";
        var r = Smp("""{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"2"}]}}}}""", deployment, "apps/v1", "Deployment");
        AssertJson("""[{"name":"a","image":"1"},{"name":"b","image":"2"}]""", r["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_ServicePorts_MergeByPort()
    {
        const string svc = """{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443}]}}""";
        var r = Smp("""{"spec":{"ports":[{"port":80,"targetPort":9090}]}}""", svc, "v1", "Service");
        AssertJson("""[{"port":80,"targetPort":9090},{"port":443}]""", r["spec"]!["ports"]);
    }

    [Fact]
    public void Apply_PdbSelectorReplaceStrategy_ReplacesSelector()
    {
        const string pdb = """{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"p"},"spec":{"selector":{"matchLabels":{"a":"1"}}}}""";
        var r = Smp("""{"spec":{"selector":{"matchExpressions":[]}}}""", pdb, "policy/v1", "PodDisruptionBudget");
        AssertJson("""{"matchExpressions":[]}""", r["spec"]!["selector"]);
    }

    [Fact]
    public void Apply_NewListWithDirectives_DirectivesNotStored()
    {
        const string pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{}}""";
        var r = Smp("""{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","$patch":"delete"}]}}""", pod);
        AssertJson("""[{"name":"a","image":"x"}]""", r["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_ItemWithoutMergeKey_Throws422()
    {
        var e = Assert.Throws<PatchException>(() => Smp("""{"spec":{"containers":[{"image":"x"}]}}"""));
        Assert.Equal(422, e.StatusCode);
        Assert.Contains("does not contain declared merge key: name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_UnknownDirective_Throws400()
    {
        var e = Assert.Throws<PatchException>(() => Smp("""{"metadata":{"labels":{"$patch":"explode"}}}"""));
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void Apply_CustomResource_Throws415()
    {
        var request = new PatchRequest(PatchType.StrategicMerge, "example.com/v1", "Widget") { CustomResource = true };
        var e = Assert.Throws<PatchException>(() => Patcher.Apply(Obj("{}"), Encoding.UTF8.GetBytes("{}"), request));
        Assert.Equal(415, e.StatusCode);
        Assert.StartsWith("the body of the request was in an unknown format", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_DoesNotMutateCurrent()
    {
        var current = Obj(Pod);
        var before = current.ToJsonString();
        Patcher.Apply(current, Encoding.UTF8.GetBytes("""{"spec":{"containers":[{"name":"app","image":"z"}]},"metadata":{"finalizers":["x"]}}"""), new PatchRequest(PatchType.StrategicMerge, "v1", "Pod"));
        Assert.Equal(before, current.ToJsonString());
    }
}
