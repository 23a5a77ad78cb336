using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Validation;

namespace Kubesharp.Api.Tests.Validation;

public sealed class ObjectMetaValidatorTests
{
    private static JsonObject Meta(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Validate_GoodMetadata_HasNoErrors()
    {
        var errors = ObjectMetaValidator.Validate(Meta("""
            {"name":"web","namespace":"default","labels":{"app":"web","example.com/tier":""},
             "annotations":{"Example.com/Note":"x"},"finalizers":["example.com/cleanup"]}
            """), namespaced: true, NameRule.DNS1123Subdomain);

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_MissingName_IsRequired()
    {
        var error = Assert.Single(ObjectMetaValidator.Validate(Meta("""{"namespace":"default"}"""), true, NameRule.DNS1123Subdomain));

        Assert.Equal("metadata.name", error.Field);
        Assert.Equal("FieldValueRequired", error.Reason);
        Assert.Equal("Required value: name or generateName is required", error.Body);
    }

    [Fact]
    public void Validate_BadName_IsInvalidWithUpstreamText()
    {
        var error = Assert.Single(ObjectMetaValidator.Validate(Meta("""{"name":"Web","namespace":"default"}"""), true, NameRule.DNS1123Subdomain));

        Assert.Equal("FieldValueInvalid", error.Reason);
        Assert.StartsWith("metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain must consist of", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GenerateName_AllowsTrailingDash()
    {
        Assert.Empty(ObjectMetaValidator.Validate(Meta("""{"generateName":"web-","name":"web-x1","namespace":"d"}"""), true, NameRule.DNS1123Subdomain));
        Assert.Equal("metadata.generateName",
            ObjectMetaValidator.Validate(Meta("""{"generateName":"Web-","name":"web-x1","namespace":"d"}"""), true, NameRule.DNS1123Subdomain)[0].Field);
    }

    [Fact]
    public void Validate_Namespace_RequiredOrForbidden()
    {
        Assert.Equal("Required value", Assert.Single(ObjectMetaValidator.Validate(Meta("""{"name":"a"}"""), true, NameRule.DNS1123Subdomain)).Body);
        var forbidden = Assert.Single(ObjectMetaValidator.Validate(Meta("""{"name":"n1","namespace":"x"}"""), false, NameRule.DNS1123Subdomain));
        Assert.Equal("metadata.namespace: Forbidden: not allowed on this type", forbidden.ToString());
        Assert.Equal("FieldValueForbidden", forbidden.Reason);
    }

    [Fact]
    public void Validate_LabelsAndAnnotations()
    {
        var errors = ObjectMetaValidator.Validate(Meta("""{"name":"a","namespace":"d","labels":{"bad key":"ok","good":"bad value"},"annotations":{"-x":"1"}}"""),
            true, NameRule.DNS1123Subdomain);

        Assert.Equal(["metadata.labels", "metadata.labels", "metadata.annotations"], errors.Select(e => e.Field));
        Assert.StartsWith("Invalid value: \"bad key\": name part must consist of", errors[0].Body, StringComparison.Ordinal);
        Assert.StartsWith("Invalid value: \"bad value\": a valid label must be", errors[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HugeAnnotations_AreTooLong()
    {
        var meta = Meta("""{"name":"a","namespace":"d"}""");
        meta["annotations"] = new JsonObject { ["big"] = new string('x', ObjectMetaValidator.TotalAnnotationSizeLimit) };

        var error = Assert.Single(ObjectMetaValidator.Validate(meta, true, NameRule.DNS1123Subdomain));
        Assert.Equal("metadata.annotations: Too long: may not be more than 262144 bytes", error.ToString());
        Assert.Equal("FieldValueTooLong", error.Reason);
    }

    [Fact]
    public void Validate_OwnerReferences_NeedIdentityAndOneController()
    {
        var errors = ObjectMetaValidator.Validate(Meta("""
            {"name":"a","namespace":"d","ownerReferences":[
              {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"1","controller":true},
              {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs2","uid":"2","controller":true},
              {"apiVersion":"","kind":"X","name":"","uid":"3"}]}
            """), true, NameRule.DNS1123Subdomain);

        Assert.Contains(errors, e => e.Body.EndsWith("Only one reference can have Controller set to true. Found \"true\" in references for ReplicaSet/rs and ReplicaSet/rs2", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.ToString() == "metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty");
        Assert.Contains(errors, e => e.ToString() == "metadata.ownerReferences.name: Invalid value: \"\": must not be empty");
    }

    [Fact]
    public void Validate_NegativeGeneration_IsInvalid()
    {
        var error = Assert.Single(ObjectMetaValidator.Validate(Meta("""{"name":"a","namespace":"d","generation":-1}"""), true, NameRule.DNS1123Subdomain));
        Assert.Equal("metadata.generation: Invalid value: -1: must be greater than or equal to 0", error.ToString());
    }

    [Fact]
    public void ValidateUpdate_ImmutableFieldsAndResourceVersion()
    {
        var old = Meta("""{"name":"a","namespace":"d","uid":"u1","creationTimestamp":"2024-01-01T00:00:00Z","generation":3}""");
        var updated = Meta("""{"name":"a","namespace":"d","uid":"u2","creationTimestamp":"2024-01-01T00:00:00Z","generation":2}""");

        var errors = ObjectMetaValidator.ValidateUpdate(updated, old);

        Assert.Equal(
            [
                "metadata.resourceVersion: Invalid value: \"\": must be specified for an update",
                "metadata.generation: Invalid value: 2: must not be decremented",
                "metadata.uid: Invalid value: \"u2\": field is immutable",
            ],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ValidateUpdate_NoNewFinalizersWhileDeleting()
    {
        var old = Meta("""{"name":"a","resourceVersion":"1","deletionTimestamp":"2024-01-01T00:00:00Z","finalizers":["a/x"]}""");
        var updated = Meta("""{"name":"a","resourceVersion":"1","deletionTimestamp":"2024-01-01T00:00:00Z","finalizers":["a/x","b/y"]}""");

        var error = Assert.Single(ObjectMetaValidator.ValidateUpdate(updated, old));
        Assert.Equal("metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"b/y\"}", error.ToString());
    }

    [Theory]
    [InlineData("", "namespaces", NameRule.DNS1123Label)]
    [InlineData("", "services", NameRule.DNS1035Label)]
    [InlineData("", "pods", NameRule.DNS1123Subdomain)]
    [InlineData("apps", "deployments", NameRule.DNS1123Subdomain)]
    [InlineData("rbac.authorization.k8s.io", "clusterroles", NameRule.PathSegment)]
    public void NameRules_FollowUpstreamPerKind(string group, string plural, NameRule expected)
    {
        Assert.Equal(expected, NameRules.For(BuiltInResources.All.First(r => r.Group == group && r.Plural == plural)));
    }

    [Fact]
    public void NameRules_PathSegment_AcceptsColons()
    {
        Assert.Empty(ObjectMetaValidator.Validate(Meta("""{"name":"system:node"}"""), false, NameRule.PathSegment));
    }

    [Fact]
    public void InvalidStatus_IsUpstreamsShape()
    {
        var errors = ObjectMetaValidator.Validate(Meta("""{"name":"Web","namespace":"default"}"""), true, NameRule.DNS1123Subdomain);

        var status = FieldErrors.InvalidStatus("apps", "Deployment", "Web", errors);

        Assert.Equal(422, status["code"]!.GetValue<int>());
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        Assert.StartsWith("Deployment.apps \"Web\" is invalid: metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("FieldValueInvalid", cause["reason"]!.GetValue<string>());
        Assert.Equal("metadata.name", cause["field"]!.GetValue<string>());
        Assert.StartsWith("Invalid value: \"Web\": ", cause["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("apps", status["details"]!["group"]!.GetValue<string>());
    }

    [Fact]
    public void Aggregate_SeveralErrors_AreBracketed()
    {
        FieldError[] errors = [FieldError.Required("metadata.name"), FieldError.Required("metadata.namespace")];

        Assert.Equal("[metadata.name: Required value, metadata.namespace: Required value]", FieldErrors.Aggregate(errors));
        Assert.Equal("Pod \"\" is invalid: [metadata.name: Required value, metadata.namespace: Required value]",
            FieldErrors.InvalidStatus("", "Pod", "", errors)["message"]!.GetValue<string>());
    }
}
