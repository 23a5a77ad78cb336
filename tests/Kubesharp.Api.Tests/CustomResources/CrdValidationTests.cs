using System.Text.Json.Nodes;
using Kubesharp.Api.CustomResources;

namespace Kubesharp.Api.Tests.CustomResources;

public sealed class CrdValidationTests
{
    private static string[] Errors(Action<JsonObject> change)
    {
        var crd = Crds.Parse();
        change(crd);
        CrdDefaults.Apply(crd);
        return [.. CrdValidation.Validate(crd).Select(e => e.ToString())];
    }

    private static JsonObject Spec(JsonObject crd) => crd["spec"]!.AsObject();

    private static JsonObject Version(JsonObject crd, int i) => crd["spec"]!["versions"]![i]!.AsObject();

    [Fact]
    public void Validate_TheExample_IsValid()
    {
        Assert.Empty(Errors(_ => { }));
    }

    [Fact]
    public void Validate_NameNotPluralDotGroup_IsInvalid()
    {
        Assert.Contains("metadata.name: Invalid value: \"crontab.stable.example.com\": must be spec.names.plural+\".\"+spec.group",
            Errors(c => c["metadata"]!["name"] = "crontab.stable.example.com"));
    }

    [Fact]
    public void Validate_GroupWithoutDot_IsInvalid()
    {
        Assert.Contains("spec.group: Invalid value: \"example\": should be a domain with at least one dot",
            Errors(c => { Spec(c)["group"] = "example"; c["metadata"]!["name"] = "crontabs.example"; }));
    }

    [Fact]
    public void Validate_BadScope_IsUnsupported()
    {
        Assert.Contains("spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\"", Errors(c => Spec(c)["scope"] = "Global"));
    }

    [Fact]
    public void Validate_TwoStorageVersions_IsInvalid()
    {
        var errors = Errors(c => Version(c, 1)["storage"] = true);

        Assert.Contains(errors, e => e.StartsWith("spec.versions: Invalid value: ", StringComparison.Ordinal) && e.EndsWith(": must have exactly one version marked as storage version", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MissingSchema_IsRequiredInV1()
    {
        Assert.Contains("spec.versions[1].schema.openAPIV3Schema: Required value: schemas are required", Errors(c => Version(c, 1).Remove("schema")));
    }

    [Fact]
    public void Validate_UntypedField_IsNotStructural()
    {
        Assert.Contains("spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[image].type: Required value: must not be empty for specified object fields",
            Errors(c => Version(c, 0)["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["image"]!.AsObject().Remove("type")));
    }

    [Fact]
    public void Validate_DefaultAgainstItsOwnSchema_IsChecked()
    {
        Assert.Contains("spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[replicas].default: Invalid value: \"string\": x in body must be of type integer: \"string\"",
            Errors(c => Version(c, 0)["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["replicas"]!["default"] = "one"));
    }

    [Fact]
    public void Validate_ScalePathOutsideSpec_IsInvalid()
    {
        Assert.Contains("spec.versions[0].subresources.scale.specReplicasPath: Invalid value: \".status.replicas\": should be a json path under .spec",
            Errors(c => Version(c, 0)["subresources"]!["scale"]!["specReplicasPath"] = ".status.replicas"));
    }

    [Fact]
    public void Validate_BadNames_AreReported()
    {
        var errors = Errors(c =>
        {
            var names = Spec(c)["names"]!.AsObject();
            names["kind"] = "Cron_Tab";
            names["shortNames"] = new JsonArray("C T");
            names["listKind"] = "Cron_Tab";
        });

        Assert.Contains("spec.names.kind: Invalid value: \"Cron_Tab\": may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?", errors);
        Assert.Contains("spec.names.listKind: Invalid value: \"Cron_Tab\": kind and listKind may not be the same", errors);
        Assert.Contains(errors, e => e.StartsWith("spec.names.shortNames[0]: Invalid value: \"C T\": a DNS-1035 label", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateUpdate_ScopeChange_IsImmutable()
    {
        var old = Crds.Parse();
        var crd = Crds.Parse();
        Spec(crd)["scope"] = "Cluster";
        CrdDefaults.Apply(crd);

        Assert.Contains("spec.scope: Invalid value: \"Cluster\": field is immutable", CrdValidation.ValidateUpdate(crd, old).Select(e => e.ToString()));
    }

    [Fact]
    public void Defaults_FillSingularListKindAndConversion()
    {
        var crd = Crds.Parse();
        Spec(crd)["names"]!.AsObject().Remove("singular");

        CrdDefaults.Apply(crd);

        Assert.Equal("crontab", (string?)crd["spec"]!["names"]!["singular"]);
        Assert.Equal("CronTabList", (string?)crd["spec"]!["names"]!["listKind"]);
        Assert.Equal("None", (string?)crd["spec"]!["conversion"]!["strategy"]);
    }
}
