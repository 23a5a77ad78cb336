using System.Text.Json.Nodes;
using Kubesharp.Api.CustomResources;

namespace Kubesharp.Api.Tests.CustomResources;

public sealed class SchemaPruningDefaultingTests
{
    private static readonly JsonObject Schema = JsonNode.Parse("""
        {"type":"object","properties":{
          "spec":{"type":"object","properties":{
            "replicas":{"type":"integer","default":1},
            "mode":{"type":"string","default":"Fast"},
            "nullable":{"type":"string","nullable":true,"default":"d"},
            "ports":{"type":"array","items":{"type":"object","properties":{"port":{"type":"integer"},"protocol":{"type":"string","default":"TCP"}}}},
            "config":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"level":{"type":"object","properties":{"a":{"type":"string"}}}}},
            "labels":{"type":"object","additionalProperties":{"type":"object","properties":{"v":{"type":"string"}}}},
            "template":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object"}}},
            "limits":{"type":"object","default":{"cpu":"1"},"properties":{"cpu":{"type":"string"},"memory":{"type":"string","default":"1Gi"}}}}}}}
        """)!.AsObject();

    [Fact]
    public void Prune_UnknownFields_AreRemovedAndReported()
    {
        var obj = JsonNode.Parse("""
            {"apiVersion":"x.io/v1","kind":"T","metadata":{"name":"a","labels":{"k":"v"}},"extra":1,
             "spec":{"replicas":2,"unknown":"x","ports":[{"port":80,"name":"http"}],"labels":{"a":{"v":"1","w":"2"}}}}
            """)!.AsObject();

        var removed = SchemaPruner.Prune(obj, Schema);

        Assert.Equal([".extra", ".spec.unknown", ".spec.ports[0].name", ".spec.labels.a.w"], removed);
        Assert.Equal("""{"apiVersion":"x.io/v1","kind":"T","metadata":{"name":"a","labels":{"k":"v"}},"spec":{"replicas":2,"ports":[{"port":80}],"labels":{"a":{"v":"1"}}}}""", obj.ToJsonString());
    }

    [Fact]
    public void Prune_PreserveUnknownFields_KeepsThemButPrunesKnownChildren()
    {
        var obj = JsonNode.Parse("""{"spec":{"config":{"anything":{"deep":true},"level":{"a":"x","b":"y"}}}}""")!.AsObject();

        SchemaPruner.Prune(obj, Schema);

        Assert.Equal("""{"spec":{"config":{"anything":{"deep":true},"level":{"a":"x"}}}}""", obj.ToJsonString());
    }

    [Fact]
    public void Prune_EmbeddedResource_KeepsTypeMetaAndMetadata()
    {
        var obj = JsonNode.Parse("""{"spec":{"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{},"bogus":1}}}""")!.AsObject();

        SchemaPruner.Prune(obj, Schema);

        Assert.Equal("""{"spec":{"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{}}}}""", obj.ToJsonString());
    }

    [Fact]
    public void Default_MissingFields_GetDefaultsRecursively()
    {
        var obj = JsonNode.Parse("""{"spec":{"mode":"Slow","ports":[{"port":80},{"port":53,"protocol":"UDP"}]}}""")!.AsObject();

        SchemaDefaulter.Apply(obj, Schema);

        var spec = obj["spec"]!;
        Assert.Equal(1, (int)spec["replicas"]!);
        Assert.Equal("Slow", (string?)spec["mode"]);
        Assert.Equal("TCP", (string?)spec["ports"]![0]!["protocol"]);
        Assert.Equal("UDP", (string?)spec["ports"]![1]!["protocol"]);
        Assert.Equal("""{"cpu":"1","memory":"1Gi"}""", spec["limits"]!.ToJsonString());
        Assert.Equal("d", (string?)spec["nullable"]);
    }

    [Fact]
    public void Default_NullOnNonNullableField_IsReplaced_NullableKept()
    {
        var obj = JsonNode.Parse("""{"spec":{"replicas":null,"nullable":null}}""")!.AsObject();

        SchemaDefaulter.Apply(obj, Schema);

        Assert.Equal(1, (int)obj["spec"]!["replicas"]!);
        Assert.True(obj["spec"]!.AsObject().ContainsKey("nullable"));
        Assert.Null(obj["spec"]!["nullable"]);
    }

    [Fact]
    public void UnknownFields_NamesWhatPruningDrops_WithoutChangingTheObject()
    {
        var obj = JsonNode.Parse("""{"spec":{"replicas":2,"bogus":1,"ports":[{"port":80,"name":"http"}]}}""")!.AsObject();
        var before = obj.ToJsonString();

        var unknown = SchemaPruner.UnknownFields(obj, Schema);

        Assert.Equal(["spec.bogus", "spec.ports[0].name"], unknown);
        Assert.Equal(before, obj.ToJsonString());
    }
}
