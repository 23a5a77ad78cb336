using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Tests.Serving;

namespace Kubesharp.ApiServer.Tests.CustomResources;

/// <summary>CRDs and their custom objects over HTTPS on the real host with a real SQLite store.</summary>
public sealed class CustomResourceServingTests : IClassFixture<InProcessServer>
{
    private readonly CrdClient _api;

    public CustomResourceServingTests(InProcessServer server) => _api = new CrdClient(server.Client);

    private static string Widgets(string group, string version = "v1") => $"/apis/{group}/{version}/namespaces/default/widgets";

    [Fact]
    public async Task Create_Definition_GetsNamesAcceptedEstablishedAndStoredVersions()
    {
        var crd = await _api.InstallAsync("est.example.com");

        var conditions = crd["status"]!["conditions"]!.AsArray();
        Assert.Contains(conditions, c => (string?)c!["type"] == "NamesAccepted" && (string?)c["status"] == "True" && (string?)c["reason"] == "NoConflicts");
        Assert.Contains(conditions, c => (string?)c!["type"] == "Established" && (string?)c["reason"] == "InitialNamesAccepted");
        Assert.Equal("widgets", (string?)crd["status"]!["acceptedNames"]!["plural"]);
        Assert.Equal("""["v1"]""", crd["status"]!["storedVersions"]!.ToJsonString());
        Assert.Equal("WidgetList", (string?)crd["spec"]!["names"]!["listKind"]);
    }

    [Fact]
    public async Task Create_InvalidDefinition_Is422WithCauses()
    {
        var body = CrdClient.Definition("bad.example.com").Replace("\"storage\":false", "\"storage\":true", StringComparison.Ordinal);

        var (code, status) = await _api.SendAsync(HttpMethod.Post, CrdClient.Definitions, body);

        Assert.Equal(422, code);
        Assert.Equal("Invalid", (string?)status["reason"]);
        Assert.Contains("must have exactly one version marked as storage version", (string?)status["message"], StringComparison.Ordinal);
        Assert.Equal("spec.versions", (string?)status["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task Discovery_ListsTheResourceWithShortNamesAndCategories()
    {
        const string group = "disco.example.com";
        await _api.InstallAsync(group);

        var (code, list) = await _api.SendAsync(HttpMethod.Get, $"/apis/{group}/v1");
        var (_, groups) = await _api.SendAsync(HttpMethod.Get, "/apis");
        var (_, aggregated) = await _api.SendAsync(HttpMethod.Get, "/apis", accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");

        Assert.Equal(200, code);
        var widgets = list["resources"]!.AsArray().Single(r => (string?)r!["name"] == "widgets")!;
        Assert.Equal("widget", (string?)widgets["singularName"]);
        Assert.Equal("""["wd"]""", widgets["shortNames"]!.ToJsonString());
        Assert.Equal("""["all"]""", widgets["categories"]!.ToJsonString());
        Assert.Contains(list["resources"]!.AsArray(), r => (string?)r!["name"] == "widgets/scale" && (string?)r["kind"] == "Scale");
        var served = groups["groups"]!.AsArray().Single(g => (string?)g!["name"] == group)!;
        // Versions sort as upstream (v2 before v1), so the preferred one is v2.
        Assert.Equal("v2", (string?)served["preferredVersion"]!["version"]);
        Assert.Contains(aggregated["items"]!.AsArray(), g => (string?)g!["metadata"]!["name"] == group);
    }

    [Fact]
    public async Task Create_InvalidObject_Is422WithUpstreamSchemaMessage()
    {
        const string group = "valid.example.com";
        await _api.InstallAsync(group);

        var (code, status) = await _api.SendAsync(HttpMethod.Post, Widgets(group), CrdClient.Widget(group, "w", """{"size":"big"}"""));
        var (tooBig, status2) = await _api.SendAsync(HttpMethod.Post, Widgets(group), CrdClient.Widget(group, "w", """{"size":11}"""));

        Assert.Equal(422, code);
        Assert.Equal("""Widget.valid.example.com "w" is invalid: spec.size: Invalid value: "string": spec.size in body must be of type integer: "string" """.TrimEnd(), (string?)status["message"]);
        Assert.Equal("spec.size", (string?)status["details"]!["causes"]![0]!["field"]);
        Assert.Equal(422, tooBig);
        Assert.Contains("spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10", (string?)status2["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Object_IsPrunedAndDefaulted_AndReadInEachVersion()
    {
        const string group = "prune.example.com";
        await _api.InstallAsync(group);

        var (code, created) = await _api.SendAsync(HttpMethod.Post, Widgets(group), CrdClient.Widget(group, "p", """{"size":3,"bogus":true}"""));
        var (_, asV2) = await _api.SendAsync(HttpMethod.Get, $"{Widgets(group, "v2")}/p");
        var (_, list) = await _api.SendAsync(HttpMethod.Get, Widgets(group, "v2"));

        Assert.True(code == 201, created.ToJsonString());
        Assert.Equal("""{"size":3,"color":"blue"}""", created["spec"]!.ToJsonString());
        Assert.Equal(1, (int)created["metadata"]!["generation"]!);
        Assert.Equal($"{group}/v2", (string?)asV2["apiVersion"]);
        Assert.Equal(3, (int)asV2["spec"]!["size"]!);
        Assert.Equal("WidgetList", (string?)list["kind"]);
        Assert.Equal($"{group}/v2", (string?)list["items"]![0]!["apiVersion"]);
    }

    [Fact]
    public async Task StatusSubresource_SplitsSpecAndStatus_GenerationOnSpecOnly()
    {
        const string group = "status.example.com";
        await _api.InstallAsync(group);
        await _api.SendAsync(HttpMethod.Post, Widgets(group), CrdClient.Widget(group, "s", """{"size":1}"""));

        var (statusCode, afterStatus) = await _api.SendAsync(HttpMethod.Patch, $"{Widgets(group)}/s/status", """{"status":{"phase":"Ready"},"spec":{"size":9}}""", "application/merge-patch+json");
        var (_, afterMain) = await _api.SendAsync(HttpMethod.Patch, $"{Widgets(group)}/s", """{"status":{"phase":"Lost"},"spec":{"size":2}}""", "application/merge-patch+json");

        Assert.Equal(200, statusCode);
        Assert.Equal("Ready", (string?)afterStatus["status"]!["phase"]);
        Assert.Equal(1, (int)afterStatus["spec"]!["size"]!);
        Assert.Equal(1, (int)afterStatus["metadata"]!["generation"]!);
        Assert.Equal("Ready", (string?)afterMain["status"]!["phase"]);
        Assert.Equal(2, (int)afterMain["spec"]!["size"]!);
        Assert.Equal(2, (int)afterMain["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task WithoutStatusSubresource_StatusChange_BumpsGeneration()
    {
        const string group = "nostatus.example.com";
        await _api.InstallAsync(group, statusSubresource: false);
        await _api.SendAsync(HttpMethod.Post, Widgets(group), CrdClient.Widget(group, "n", """{"size":1}"""));

        var (code, patched) = await _api.SendAsync(HttpMethod.Patch, $"{Widgets(group)}/n", """{"status":{"phase":"Ready"}}""", "application/merge-patch+json");
        var (missing, _) = await _api.SendAsync(HttpMethod.Get, $"{Widgets(group)}/n/status");

        Assert.Equal(200, code);
        Assert.Equal("Ready", (string?)patched["status"]!["phase"]);
        Assert.Equal(2, (int)patched["metadata"]!["generation"]!);
        Assert.Equal(404, missing);
    }

    [Fact]
    public async Task Scale_ReadsAndWritesTheConfiguredPaths()
    {
        const string group = "scale.example.com";
        await _api.InstallAsync(group);
        await _api.SendAsync(HttpMethod.Post, Widgets(group), CrdClient.Widget(group, "sc", """{"size":1,"replicas":2}"""));
        await _api.SendAsync(HttpMethod.Patch, $"{Widgets(group)}/sc/status", """{"status":{"replicas":2,"selector":"app=sc"}}""", "application/merge-patch+json");

        var (_, scale) = await _api.SendAsync(HttpMethod.Get, $"{Widgets(group)}/sc/scale");
        var (code, scaled) = await _api.SendAsync(HttpMethod.Patch, $"{Widgets(group)}/sc/scale", """{"spec":{"replicas":5}}""", "application/merge-patch+json");
        var (_, widget) = await _api.SendAsync(HttpMethod.Get, $"{Widgets(group)}/sc");

        Assert.Equal("""{"replicas":2}""", scale["spec"]!.ToJsonString());
        Assert.Equal("""{"replicas":2,"selector":"app=sc"}""", scale["status"]!.ToJsonString());
        Assert.Equal(200, code);
        Assert.Equal(5, (int)scaled["spec"]!["replicas"]!);
        Assert.Equal(5, (int)widget["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task Patch_StrategicMerge_Is415_MergeAndJsonPatchWork()
    {
        const string group = "patch.example.com";
        await _api.InstallAsync(group);
        await _api.SendAsync(HttpMethod.Post, Widgets(group), CrdClient.Widget(group, "pt", """{"size":1}"""));

        var (smp, status) = await _api.SendAsync(HttpMethod.Patch, $"{Widgets(group)}/pt", """{"spec":{"size":2}}""", "application/strategic-merge-patch+json");
        var (json, patched) = await _api.SendAsync(HttpMethod.Patch, $"{Widgets(group)}/pt", """[{"op":"replace","path":"/spec/size","value":4}]""", "application/json-patch+json");

        Assert.Equal(415, smp);
        Assert.Equal("UnsupportedMediaType", (string?)status["reason"]);
        Assert.Equal(200, json);
        Assert.Equal(4, (int)patched["spec"]!["size"]!);
    }

    [Fact]
    public async Task Table_HasPrinterColumns()
    {
        const string group = "table.example.com";
        await _api.InstallAsync(group);
        await _api.SendAsync(HttpMethod.Post, Widgets(group), CrdClient.Widget(group, "t", """{"size":7}"""));

        var (_, table) = await _api.SendAsync(HttpMethod.Get, Widgets(group), accept: "application/json;as=Table;v=v1;g=meta.k8s.io");

        Assert.Equal(["Name", "Size", "Color"], table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]));
        Assert.Equal("""["t",7,"blue"]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public async Task OpenApi_V3HasTheSchema_AndV2ETagChanges()
    {
        var (_, before) = await _api.SendAsync(HttpMethod.Get, "/openapi/v3");
        const string group = "openapi.example.com";
        await _api.InstallAsync(group);

        var (_, after) = await _api.SendAsync(HttpMethod.Get, "/openapi/v3");
        var (code, document) = await _api.SendAsync(HttpMethod.Get, $"/openapi/v3/apis/{group}/v1");

        Assert.Null(before["paths"]![$"apis/{group}/v1"]);
        Assert.NotNull(after["paths"]![$"apis/{group}/v1"]);
        Assert.Equal(200, code);
        var schema = document["components"]!["schemas"]!["com.example.openapi.v1.Widget"]!;
        Assert.Equal("integer", (string?)schema["properties"]!["spec"]!["properties"]!["size"]!["type"]);
        Assert.NotNull(document["paths"]![$"/apis/{group}/v1/namespaces/{{namespace}}/widgets"]);
    }

    [Fact]
    public async Task Delete_Definition_RemovesObjectsThenEndpoints()
    {
        const string group = "gone.example.com";
        await _api.InstallAsync(group);
        await _api.SendAsync(HttpMethod.Post, Widgets(group), CrdClient.Widget(group, "g1", """{"size":1}"""));
        await _api.SendAsync(HttpMethod.Post, Widgets(group), CrdClient.Widget(group, "g2", """{"size":2}"""));

        var (code, deleting) = await _api.SendAsync(HttpMethod.Delete, $"{CrdClient.Definitions}/widgets.{group}");

        Assert.Equal(200, code);
        Assert.Contains("customresourcecleanup.apiextensions.k8s.io", deleting["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        Assert.Contains(deleting["status"]!["conditions"]!.AsArray(), c => (string?)c!["type"] == "Terminating" && (string?)c["status"] == "True");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var (definition, objects, discovery) = (0, 0, 0);
        while (DateTime.UtcNow < deadline)
        {
            (definition, _) = await _api.SendAsync(HttpMethod.Get, $"{CrdClient.Definitions}/widgets.{group}");
            (objects, _) = await _api.SendAsync(HttpMethod.Get, Widgets(group));
            (discovery, _) = await _api.SendAsync(HttpMethod.Get, $"/apis/{group}/v1");
            if (definition == 404 && objects == 404 && discovery == 404)
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal((404, 404, 404), (definition, objects, discovery));
    }

    [Fact]
    public async Task NameConflict_SecondDefinitionWithSameKind_IsNotAccepted()
    {
        const string group = "conflict.example.com";
        await _api.InstallAsync(group);
        var other = CrdClient.Definition(group).Replace("\"plural\":\"widgets\"", "\"plural\":\"gadgets\"", StringComparison.Ordinal)
            .Replace("widgets.conflict", "gadgets.conflict", StringComparison.Ordinal).Replace("\"singular\":\"widget\"", "\"singular\":\"gadget\"", StringComparison.Ordinal)
            .Replace("\"shortNames\":[\"wd\"]", "\"shortNames\":[\"gd\"]", StringComparison.Ordinal);

        var (code, _) = await _api.SendAsync(HttpMethod.Post, CrdClient.Definitions, other);
        JsonNode? accepted = null;
        for (var i = 0; i < 100 && accepted is null; i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            var (_, crd) = await _api.SendAsync(HttpMethod.Get, $"{CrdClient.Definitions}/gadgets.{group}");
            accepted = crd["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "NamesAccepted");
        }

        Assert.Equal(201, code);
        Assert.Equal("False", (string?)accepted?["status"]);
        Assert.Equal("KindConflict", (string?)accepted?["reason"]);
        var (served, _) = await _api.SendAsync(HttpMethod.Get, $"/apis/{group}/v1/namespaces/default/gadgets");
        Assert.Equal(404, served);
    }

    [Fact]
    public async Task FieldValidation_Strict_RefusesUnknownCustomFields()
    {
        const string group = "strict.example.com";
        await _api.InstallAsync(group);

        var (code, status) = await _api.SendAsync(HttpMethod.Post, Widgets(group) + "?fieldValidation=Strict", CrdClient.Widget(group, "st", """{"size":1,"bogus":true}"""));

        Assert.Equal(400, code);
        Assert.Equal("""Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.bogus" """.TrimEnd(), (string?)status["message"]);
    }
}
