using System.Text.Json.Nodes;
using Kubesharp.Api.CustomResources;

namespace Kubesharp.Api.Tests.CustomResources;

public sealed class SchemaValidatorTests
{
    private const string Schema = """
        {"type":"object","required":["spec"],"properties":{
          "spec":{"type":"object","required":["image"],"properties":{
            "replicas":{"type":"integer","minimum":1,"maximum":10},
            "ratio":{"type":"number","exclusiveMaximum":true,"maximum":1,"multipleOf":0.25},
            "image":{"type":"string","minLength":3,"maxLength":12,"pattern":"^[a-z]+(:[a-z0-9.]+)?$"},
            "mode":{"type":"string","enum":["Fast","Slow"]},
            "port":{"x-kubernetes-int-or-string":true},
            "when":{"type":"string","format":"date-time"},
            "id":{"type":"string","format":"uuid"},
            "note":{"type":"string","nullable":true},
            "tags":{"type":"array","minItems":1,"maxItems":2,"items":{"type":"string","maxLength":3}},
            "labels":{"type":"object","maxProperties":1,"additionalProperties":{"type":"string"}},
            "ports":{"type":"array","items":{"type":"object","required":["port"],"properties":{"port":{"type":"integer"}}}},
            "template":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true},
            "enabled":{"type":"boolean"}}},
          "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}
        """;

    private static string[] Errors(string spec)
    {
        var obj = JsonNode.Parse($$"""{"apiVersion":"x.io/v1","kind":"T","metadata":{"name":"a"},"spec":{{spec}}}""")!.AsObject();
        return [.. SchemaValidator.Validate(obj, JsonNode.Parse(Schema)!.AsObject()).Select(e => e.ToString())];
    }

    [Theory]
    [InlineData("""{"image":"nginx","replicas":"three"}""", """spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string" """)]
    [InlineData("""{"image":"nginx","replicas":1.5}""", """spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number" """)]
    [InlineData("""{"image":"nginx","replicas":20}""", "spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10")]
    [InlineData("""{"image":"nginx","replicas":0}""", "spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1")]
    [InlineData("""{"image":"nginx","ratio":1}""", "spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1")]
    [InlineData("""{"image":"nginx","ratio":0.3}""", "spec.ratio: Invalid value: 0.3: spec.ratio in body should be a multiple of 0.25")]
    [InlineData("""{"image":"ng"}""", """spec.image: Invalid value: "ng": spec.image in body should be at least 3 chars long""")]
    [InlineData("""{"image":"nginxnginxnginx"}""", "spec.image: Too long: may not be more than 12 bytes")]
    [InlineData("""{"image":"NGINX"}""", """spec.image: Invalid value: "NGINX": spec.image in body should match '^[a-z]+(:[a-z0-9.]+)?$'""")]
    [InlineData("""{"image":"nginx","mode":"Medium"}""", """spec.mode: Unsupported value: "Medium": supported values: "Fast", "Slow" """)]
    [InlineData("""{"image":"nginx","port":true}""", """spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean" """)]
    [InlineData("""{"image":"nginx","when":"yesterday"}""", """spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday" """)]
    [InlineData("""{"image":"nginx","id":"not-a-uuid"}""", """spec.id: Invalid value: "not-a-uuid": spec.id in body must be of type uuid: "not-a-uuid" """)]
    [InlineData("""{"image":"nginx","tags":[]}""", "spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items")]
    [InlineData("""{"image":"nginx","tags":["a","b","c"]}""", "spec.tags: Too many: 3: must have at most 2 items")]
    [InlineData("""{"image":"nginx","tags":["abcd"]}""", "spec.tags[0]: Too long: may not be more than 3 bytes")]
    [InlineData("""{"image":"nginx","labels":{"a":"1","b":"2"}}""", "spec.labels: Too many: 2: must have at most 1 items")]
    [InlineData("""{"image":"nginx","labels":{"a":1}}""", """spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer" """)]
    [InlineData("""{"image":"nginx","ports":[{"name":"x"}]}""", "spec.ports[0].port: Required value")]
    [InlineData("""{"image":"nginx","template":{"spec":{}}}""", "spec.template.apiVersion: Required value: must not be empty")]
    [InlineData("""{"image":"nginx","enabled":null}""", """spec.enabled: Invalid value: "null": spec.enabled in body must be of type boolean: "null" """)]
    [InlineData("""{"replicas":2}""", "spec.image: Required value")]
    public void Validate_BadField_GivesUpstreamMessage(string spec, string expected)
    {
        Assert.Contains(expected.TrimEnd(), Errors(spec));
    }

    [Theory]
    [InlineData("""{"image":"nginx:1.27","replicas":3,"ratio":0.5,"mode":"Fast","port":"http","note":null,"when":"2024-05-01T10:00:00Z"}""")]
    [InlineData("""{"image":"nginx","port":8080,"id":"6f1c1c9e-4a8e-4b8e-9a4e-1c1c9e4a8e4b","tags":["a"],"labels":{"x":"y"}}""")]
    [InlineData("""{"image":"abc","template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"x":1}},"enabled":false}""")]
    public void Validate_ValidObject_HasNoErrors(string spec)
    {
        Assert.Empty(Errors(spec));
    }

    [Fact]
    public void Validate_MissingRequiredSpec_IsRequiredAtRoot()
    {
        var obj = JsonNode.Parse("""{"apiVersion":"x.io/v1","kind":"T","metadata":{"name":"a"}}""")!.AsObject();

        var errors = SchemaValidator.Validate(obj, JsonNode.Parse(Schema)!.AsObject());

        Assert.Equal("spec: Required value", Assert.Single(errors).ToString());
        Assert.Equal("FieldValueRequired", errors[0].Reason);
    }

    [Fact]
    public void Validate_TypeError_HasInvalidReasonAndField()
    {
        var obj = JsonNode.Parse("""{"spec":{"image":"nginx","replicas":"x"}}""")!.AsObject();

        var error = Assert.Single(SchemaValidator.Validate(obj, JsonNode.Parse(Schema)!.AsObject()));

        Assert.Equal("FieldValueInvalid", error.Reason);
        Assert.Equal("spec.replicas", error.Field);
        Assert.Equal("""Invalid value: "string": spec.replicas in body must be of type integer: "string" """.TrimEnd(), error.Body);
    }
}
