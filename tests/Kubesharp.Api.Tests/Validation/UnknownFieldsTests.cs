using System.Text.Json.Nodes;
using Kubesharp.Api.Validation;

namespace Kubesharp.Api.Tests.Validation;

public sealed class UnknownFieldsTests
{
    [Fact]
    public void Find_DeploymentWithStrayFields_NamesThemAsUpstream()
    {
        var deployment = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","labels":{"a":"b"},"colour":"red"},
             "spec":{"replicas":1,"foo":1,"selector":{"matchLabels":{"a":"b"}},
               "template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i","imagePullPolicy":"Always"},{"name":"d","image":"i","bogus":true}]}}}}
            """)!.AsObject();

        var unknown = UnknownFields.Find(deployment, "apps/v1", "Deployment");

        Assert.Equal(["metadata.colour", "spec.foo", "spec.template.spec.containers[1].bogus"], unknown);
    }

    [Fact]
    public void Find_ValidPodWithFreeFormParts_IsEmpty()
    {
        var pod = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","annotations":{"x":"y"},
               "managedFields":[{"manager":"kubectl","operation":"Update","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:anything":{}}}}]},
             "spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"1"}}}]},
             "status":{"phase":"Pending"}}
            """)!.AsObject();

        Assert.Empty(UnknownFields.Find(pod, "v1", "Pod"));
    }

    [Fact]
    public void Prune_RemovesOnlyTheUnknownFields()
    {
        var cm = JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","colour":"red"},"data":{"a":"b"},"foo":1}""")!.AsObject();

        var pruned = UnknownFields.Prune(cm, "v1", "ConfigMap");

        Assert.Equal(["metadata.colour", "foo"], pruned);
        Assert.Equal("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"b"}}""", cm.ToJsonString());
    }

    [Fact]
    public void Find_KindWithoutSchema_IsEmpty()
    {
        Assert.Empty(UnknownFields.Find(JsonNode.Parse("""{"spec":{"anything":1}}""")!.AsObject(), "example.com/v1", "Widget"));
    }
}
