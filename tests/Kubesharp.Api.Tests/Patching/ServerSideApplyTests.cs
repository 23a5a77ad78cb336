using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.Api.Patching;
using static Kubesharp.Api.Tests.Patching.PatchTestHelpers;

namespace Kubesharp.Api.Tests.Patching;

public sealed class ServerSideApplyTests
{
    private static readonly DateTimeOffset T1 = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(1);
    private const string Stub = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"default"}}""";

    private static JsonObject ApplyYaml(JsonObject current, string yaml, string manager = "kubectl", bool force = false, string apiVersion = "v1", string kind = "ConfigMap") =>
        Patcher.Apply(current, Encoding.UTF8.GetBytes(yaml), new PatchRequest(PatchType.Apply, apiVersion, kind, manager, force) { Now = T2 });

    private static JsonArray Managed(JsonObject obj) => obj["metadata"]!["managedFields"]!.AsArray();

    private const string ConfigMapYaml = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cm
          namespace: default
        data:
          key: value
          other: "1"
        """;

    [Fact]
    public void Apply_ToMissingObject_CreatesWithApplyEntry()
    {
        var result = ApplyYaml(Obj(Stub), ConfigMapYaml);
        AssertJson("""{"key":"value","other":"1"}""", result["data"]);
        var entry = Managed(result).Single()!;
        Assert.Equal("kubectl", (string?)entry["manager"]);
        Assert.Equal("Apply", (string?)entry["operation"]);
        Assert.Equal("v1", (string?)entry["apiVersion"]);
        Assert.Equal("2024-01-02T03:05:05Z", (string?)entry["time"]);
        Assert.Equal("FieldsV1", (string?)entry["fieldsType"]);
        AssertJson("""{"f:data":{"f:key":{},"f:other":{}}}""", entry["fieldsV1"]);
    }

    [Fact]
    public void Apply_FieldOwnedByUpdaterWithOtherValue_Throws409WithUpstreamMessage()
    {
        var created = ManagedFields.RecordUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"default"},"data":{"key":"old"}}"""), "kubectl-client-side-apply", "v1", T1);
        var e = Assert.Throws<PatchException>(() => ApplyYaml(created, ConfigMapYaml));
        Assert.Equal(409, e.StatusCode);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1 at 2024-01-02T03:04:05Z: .data.key", e.Message);
        var cause = Assert.Single(e.Causes);
        Assert.Equal(".data.key", cause.Field);
        Assert.Equal("FieldManagerConflict", cause.Type);
    }

    [Fact]
    public void Apply_SameValueAsOtherOwner_SharesOwnership()
    {
        var created = ManagedFields.RecordUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"key":"value"}}"""), "kubectl-create", "v1", T1);
        var result = ApplyYaml(created, ConfigMapYaml);
        var entries = Managed(result);
        Assert.Equal(2, entries.Count);
        Assert.Equal("Apply", (string?)entries[0]!["operation"]);
        Assert.NotNull(entries[1]!["fieldsV1"]!["f:data"]!["f:key"]);
        Assert.NotNull(entries[0]!["fieldsV1"]!["f:data"]!["f:key"]);
    }

    [Fact]
    public void Apply_Force_TakesOwnershipFromOtherManager()
    {
        var created = ManagedFields.RecordUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"key":"old","mine":"x"}}"""), "kubectl-create", "v1", T1);
        var result = ApplyYaml(created, ConfigMapYaml, force: true);
        Assert.Equal("value", (string?)result["data"]!["key"]);
        var updater = Managed(result).Single(e => (string?)e!["operation"] == "Update")!;
        AssertJson("""{"f:data":{"f:mine":{}}}""", updater["fieldsV1"]);
    }

    [Fact]
    public void Apply_FieldOmittedByItsApplier_IsRemoved()
    {
        var first = ApplyYaml(Obj(Stub), ConfigMapYaml);
        var second = ApplyYaml(first, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  key: value\n");
        AssertJson("""{"key":"value"}""", second["data"]);
        AssertJson("""{"f:data":{"f:key":{}}}""", Managed(second).Single()!["fieldsV1"]);
    }

    [Fact]
    public void Apply_OmittedFieldOwnedByAnotherManager_IsKept()
    {
        var first = ApplyYaml(Obj(Stub), ConfigMapYaml);
        var shared = ApplyYaml(first, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  other: \"1\"\n", manager: "second");
        var result = ApplyYaml(shared, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  key: value\n");
        AssertJson("""{"key":"value","other":"1"}""", result["data"]);
    }

    [Fact]
    public void Apply_DeploymentContainers_MergeByNameAndRecordKeys()
    {
        var live = ManagedFields.RecordUpdate(null, Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
             "spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"sidecar","image":"s:1"}]}}}}
            """), "other", "apps/v1", T1);
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: d
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                    ports:
                    - containerPort: 80
            """;
        var result = ApplyYaml(live, yaml, apiVersion: "apps/v1", kind: "Deployment");
        var containers = result["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(["sidecar", "app"], containers.Select(c => (string?)c!["name"]));
        var fields = Managed(result).Single(e => (string?)e!["manager"] == "kubectl")!["fieldsV1"]!;
        AssertJson("""
            {"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:name":{},
              "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}
            """, fields);
    }

    [Fact]
    public void Apply_ConflictInKeyedList_NamesItemInPath()
    {
        var live = ManagedFields.RecordUpdate(null, Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"template":{"spec":{"containers":[{"name":"app","image":"old"}]}}}}
            """), "kubectl-edit", "apps/v1", T1);
        var e = Assert.Throws<PatchException>(() => ApplyYaml(live, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"template":{"spec":{"containers":[{"name":"app","image":"new"}]}}}}""", apiVersion: "apps/v1", kind: "Deployment"));
        Assert.EndsWith(": .spec.template.spec.containers[name=\"app\"].image", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_Yaml_TypesPlainScalarsAndKeepsQuotedStrings()
    {
        var result = ApplyYaml(Obj(Stub), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: \"3\"\nspec:\n  replicas: 3\n  on: true\n  ratio: 0.5\n  none: null\n");
        Assert.Equal("3", (string?)result["data"]!["a"]);
        Assert.Equal(3, (long)result["spec"]!["replicas"]!);
        Assert.True((bool)result["spec"]!["on"]!);
        Assert.Equal(0.5, (double)result["spec"]!["ratio"]!);
        Assert.False(result["spec"]!.AsObject().ContainsKey("none"));
    }

    [Theory]
    [InlineData("apiVersion: v1\nmetadata:\n  managedFields:\n  - manager: x\n")]
    [InlineData("a: [unclosed\n")]
    [InlineData("- just\n- a list\n")]
    public void Apply_BadBody_Throws400(string yaml)
    {
        var e = Assert.Throws<PatchException>(() => ApplyYaml(Obj(Stub), yaml));
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void Apply_WithoutFieldManager_Throws400()
    {
        var e = Assert.Throws<PatchException>(() => Patcher.Apply(Obj(Stub), Encoding.UTF8.GetBytes(ConfigMapYaml), new PatchRequest(PatchType.Apply, "v1", "ConfigMap")));
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public void Apply_DoesNotMutateCurrent()
    {
        var current = ManagedFields.RecordUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"key":"old"}}"""), "x", "v1", T1);
        var before = current.ToJsonString();
        ApplyYaml(current, ConfigMapYaml, force: true);
        Assert.Equal(before, current.ToJsonString());
    }
}
