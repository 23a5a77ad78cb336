using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Endpoints;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Tests.Serving;

namespace Kubesharp.ApiServer.Tests.Endpoints;

public sealed class StoredListWriterTests : IClassFixture<InProcessServer>
{
    private readonly HttpClient _client;

    public StoredListWriterTests(InProcessServer server) => _client = server.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","namespace":"n"},"data":{"metadata":"{}"}}""")]
    [InlineData("""{"kind":"ConfigMap","spec":{"template":{"metadata":{"name":"inner"}}},"metadata":{"name":"late"}}""")]
    [InlineData("""{"kind":"ConfigMap","metadata":{}}""")]
    [InlineData("""{"kind":"ConfigMap","metadata":{"labels":{"x":"}"}},"data":{}}""")]
    public void WithResourceVersion_GivesWhatParsingAndSettingItGives(string stored)
    {
        var buffer = new byte[8];

        var length = StoredListWriter.WithResourceVersion(Encoding.UTF8.GetBytes(stored), 42, ref buffer);

        var expected = ObjectCodec.Decode(Encoding.UTF8.GetBytes(stored), 42);
        Assert.Equal(ObjectCodec.Serialize(expected), buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public async Task List_UnfilteredBuiltIn_ItemsCarryTheirResourceVersionsAndLimitPagesStillWork()
    {
        var ns = "stored-list";
        using (var create = await _client.PostAsync(new Uri("/api/v1/namespaces", UriKind.Relative), Json($$$"""{"metadata":{"name":"{{{ns}}}"}}"""), Ct))
        {
            Assert.True(create.IsSuccessStatusCode, await create.Content.ReadAsStringAsync(Ct));
        }

        var versions = new Dictionary<string, string>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            using var created = await _client.PostAsync(new Uri($"/api/v1/namespaces/{ns}/configmaps", UriKind.Relative), Json($$$"""{"metadata":{"name":"{{{name}}}"},"data":{"k":"{{{name}}}"}}"""), Ct);
            var body = JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!;
            versions[name] = (string)body["metadata"]!["resourceVersion"]!;
        }

        var all = await GetAsync($"/api/v1/namespaces/{ns}/configmaps");
        var page = await GetAsync($"/api/v1/namespaces/{ns}/configmaps?limit=2");

        Assert.Equal("ConfigMapList", (string?)all["kind"]);
        Assert.Equal(versions, all["items"]!.AsArray().ToDictionary(i => (string)i!["metadata"]!["name"]!, i => (string)i!["metadata"]!["resourceVersion"]!));
        Assert.Equal("b", (string?)all["items"]![1]!["data"]!["k"]);
        Assert.Equal(2, page["items"]!.AsArray().Count);
        Assert.NotNull((string?)page["metadata"]!["continue"]);
        Assert.Equal(1, (int)page["metadata"]!["remainingItemCount"]!);
    }

    private async Task<JsonObject> GetAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
