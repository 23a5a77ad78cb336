using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Tests.Serving;

namespace Kubesharp.ApiServer.Tests.Registry;

/// <summary>Secret stringData is write-only: folded into data (base64) on every write and never stored, as upstream.</summary>
public sealed class SecretStringDataTests : IClassFixture<InProcessServer>
{
    private static readonly ResourceType Secrets = BuiltInResources.Get("", "secrets");
    private readonly HttpClient _client;

    public SecretStringDataTests(InProcessServer server) => _client = server.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Secret(string name, JsonObject? data = null, JsonObject? stringData = null)
    {
        var secret = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = name } };
        if (data is not null)
        {
            secret["data"] = data;
        }

        if (stringData is not null)
        {
            secret["stringData"] = stringData;
        }

        return secret;
    }

    [Fact]
    public async Task Create_StringData_IsFoldedIntoDataAndNotStored()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();

        var created = await f.Registry.CreateAsync(Secrets, "ns1", Secret("s", new JsonObject { ["a"] = "YQ==", ["b"] = "b2xk" }, new JsonObject { ["b"] = "new", ["c"] = "ü" }), WriteOptions.None, Ct);
        var stored = Encoding.UTF8.GetString((await f.Store.GetAsync("/registry/secrets/ns1/s", Ct))!.Value.Span);

        Assert.Null(created["stringData"]);
        Assert.Equal("YQ==", (string?)created["data"]!["a"]);
        Assert.Equal(Convert.ToBase64String("new"u8.ToArray()), (string?)created["data"]!["b"]); // stringData wins
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("ü")), (string?)created["data"]!["c"]);
        Assert.Equal("Opaque", (string?)created["type"]);
        Assert.DoesNotContain("stringData", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_StringData_ReplacesThatKeyOnly()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var created = await f.Registry.CreateAsync(Secrets, "ns1", Secret("s", new JsonObject { ["a"] = "YQ==" }), WriteOptions.None, Ct);
        created["stringData"] = new JsonObject { ["p"] = "q" };

        var updated = await f.Registry.UpdateAsync(new ObjectRef(Secrets, "ns1", "s"), created, null, WriteOptions.None, Ct);

        Assert.Equal("""{"a":"YQ==","p":"cQ=="}""", updated["data"]!.ToJsonString());
        Assert.Null(updated["stringData"]);
    }

    [Fact]
    public async Task MergePatch_StringData_IsFoldedToo()
    {
        using var create = await _client.PostAsync(
            new Uri("/api/v1/namespaces/default/secrets", UriKind.Relative),
            new StringContent("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"patched"},"type":"kubernetes.io/basic-auth","stringData":{"username":"admin"}}""", Encoding.UTF8, "application/json"),
            Ct);
        Assert.Equal(201, (int)create.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri("/api/v1/namespaces/default/secrets/patched", UriKind.Relative))
        {
            Content = new StringContent("""{"stringData":{"password":"s3cret"}}""", Encoding.UTF8, "application/merge-patch+json"),
        };

        using var patch = await _client.SendAsync(request, Ct);
        var body = JsonNode.Parse(await patch.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(200, (int)patch.StatusCode);
        Assert.Equal("YWRtaW4=", (string?)body["data"]!["username"]);
        Assert.Equal("czNjcmV0", (string?)body["data"]!["password"]);
        Assert.Null(body["stringData"]);
        Assert.Equal("kubernetes.io/basic-auth", (string?)body["type"]);
    }
}
