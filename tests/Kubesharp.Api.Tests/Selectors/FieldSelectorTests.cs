using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Selectors;

namespace Kubesharp.Api.Tests.Selectors;

public sealed class FieldSelectorTests
{
    private static ResourceType Resource(string group, string plural) =>
        BuiltInResources.All.First(r => r.Group == group && r.Plural == plural);

    private static readonly ResourceType Pods = Resource("", "pods");

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    [Theory]
    [InlineData("metadata.name=a", "metadata.name=a")]
    [InlineData("metadata.name==a", "metadata.name=a")]
    [InlineData("metadata.name!=a", "metadata.name!=a")]
    [InlineData("status.phase=Running,metadata.name=a", "metadata.name=a,status.phase=Running")]
    [InlineData("metadata.name=a\\,b", "metadata.name=a\\,b")]
    [InlineData("metadata.name=", "metadata.name=")]
    [InlineData(",metadata.name=a,", "metadata.name=a")]
    public void Parse_ValidSyntax_HasCanonicalText(string selector, string expected)
    {
        Assert.Equal(expected, FieldSelector.Parse(selector, Pods).ToString());
    }

    [Fact]
    public void Parse_EscapedValue_IsUnescaped()
    {
        var selector = FieldSelector.Parse("metadata.name=a\\,b\\=c\\\\d", Pods);

        Assert.Equal("a,b=c\\d", selector.Requirements.Single().Value);
    }

    [Theory]
    [InlineData("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'")]
    [InlineData("metadata.name=a=b", "invalid field selector: unescaped character in value: 61")]
    [InlineData("metadata.name=a\\b", "invalid field selector: invalid escape sequence: \\b")]
    [InlineData("metadata.name=a\\", "invalid field selector: invalid escape sequence: \\")]
    [InlineData("spec.bogus=a", "field label not supported: spec.bogus")]
    public void Parse_BadInput_ThrowsUpstreamMessage(string selector, string message)
    {
        var error = Assert.Throws<SelectorException>(() => FieldSelector.Parse(selector, Pods));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("", "pods", "spec.nodeName=n1", null)]
    [InlineData("", "pods", "status.podIP=10.0.0.1", null)]
    [InlineData("", "events", "involvedObject.kind=Pod", null)]
    [InlineData("", "secrets", "type=Opaque", null)]
    [InlineData("", "nodes", "spec.unschedulable=true", null)]
    [InlineData("", "nodes", "metadata.namespace=x", "field label not supported: metadata.namespace")]
    [InlineData("", "namespaces", "status.phase=Active", null)]
    [InlineData("", "services", "spec.type=ClusterIP", null)]
    [InlineData("apps", "replicasets", "status.replicas=0", null)]
    [InlineData("batch", "jobs", "status.successful=1", null)]
    [InlineData("batch", "jobs", "status.active=1", "field label \"status.active\" not supported for batchv1.Job")]
    [InlineData("", "configmaps", "metadata.namespace=default", null)]
    [InlineData("", "configmaps", "data.x=y", "\"data.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")]
    public void Parse_FieldsPerKind_AreSupportedAsUpstream(string group, string plural, string selector, string? error)
    {
        var resource = Resource(group, plural);
        if (error is null)
        {
            Assert.Single(FieldSelector.Parse(selector, resource).Requirements);
        }
        else
        {
            Assert.Equal(error, Assert.Throws<SelectorException>(() => FieldSelector.Parse(selector, resource)).Message);
        }
    }

    [Fact]
    public void Parse_CustomResource_AllowsOnlyMetadata()
    {
        var widgets = new ResourceType("example.com", "v1", "widgets", "Widget", false, [], []);

        Assert.Single(FieldSelector.Parse("metadata.name=a", widgets).Requirements);
        Assert.Equal("field label not supported: metadata.namespace",
            Assert.Throws<SelectorException>(() => FieldSelector.Parse("metadata.namespace=a", widgets)).Message);
    }

    [Fact]
    public void Parse_SpecHost_IsTheNodeName()
    {
        var selector = FieldSelector.Parse("spec.host=n1", Pods);

        Assert.Equal("spec.nodeName", selector.Requirements.Single().Field);
        Assert.True(selector.Matches(Json("""{"spec":{"nodeName":"n1"}}""")));
    }

    [Theory]
    [InlineData("spec.nodeName=n1", true)]
    [InlineData("spec.nodeName!=n1", false)]
    [InlineData("spec.nodeName=", false)]
    [InlineData("metadata.name=web,metadata.namespace=prod", true)]
    [InlineData("metadata.namespace=default", false)]
    [InlineData("status.phase=Running", true)]
    [InlineData("status.podIP=10.1.0.5", true)]
    [InlineData("spec.hostNetwork=false", true)]
    [InlineData("spec.restartPolicy=Always", true)]
    [InlineData("status.nominatedNodeName=", true)]
    public void Matches_Pod_ReadsSelectableFields(string selector, bool expected)
    {
        var pod = Json("""
            {"metadata":{"name":"web","namespace":"prod"},
             "spec":{"nodeName":"n1","restartPolicy":"Always"},
             "status":{"phase":"Running","podIPs":[{"ip":"10.1.0.5"}]}}
            """);

        Assert.Equal(expected, FieldSelector.Parse(selector, Pods).Matches(pod));
    }

    [Fact]
    public void Matches_UnscheduledPod_HasAnEmptyNodeName()
    {
        Assert.True(FieldSelector.Parse("spec.nodeName=", Pods).Matches(Json("""{"metadata":{"name":"p"}}""")));
    }

    [Fact]
    public void Matches_EventSource_FallsBackToReportingComponent()
    {
        var events = Resource("", "events");
        var evt = Json("""{"metadata":{"name":"e"},"reportingComponent":"kubelet","involvedObject":{"kind":"Pod","name":"p"}}""");

        Assert.True(FieldSelector.Parse("source=kubelet,involvedObject.name=p", events).Matches(evt));
    }

    [Fact]
    public void Matches_NumericAndBooleanFields_UseGoDefaults()
    {
        Assert.True(FieldSelector.Parse("status.replicas=0", Resource("apps", "replicasets")).Matches(Json("""{"metadata":{"name":"r"}}""")));
        Assert.True(FieldSelector.Parse("status.successful=2", Resource("batch", "jobs")).Matches(Json("""{"status":{"succeeded":2}}""")));
        Assert.True(FieldSelector.Parse("spec.unschedulable=true", Resource("", "nodes")).Matches(Json("""{"spec":{"unschedulable":true}}""")));
    }

    [Fact]
    public void RequiresExactMatch_FindsPinnedName()
    {
        Assert.Equal("web", FieldSelector.Parse("metadata.name=web", Pods).RequiresExactMatch("metadata.name"));
        Assert.Null(FieldSelector.Parse("metadata.name!=web", Pods).RequiresExactMatch("metadata.name"));
    }

    [Fact]
    public void Parse_Empty_SelectsEverything()
    {
        Assert.True(FieldSelector.Parse("", Pods).IsEmpty);
        Assert.True(FieldSelector.Parse(null, Pods).Matches(new JsonObject()));
    }
}
