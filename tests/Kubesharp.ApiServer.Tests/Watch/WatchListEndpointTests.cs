using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Tests.Serving;

namespace Kubesharp.ApiServer.Tests.Watch;

/// <summary>
/// The watch-list protocol on the real host: sendInitialEvents=true&amp;resourceVersionMatch=NotOlderThan
/// streams the current objects as ADDED, then (with allowWatchBookmarks) a BOOKMARK annotated
/// k8s.io/initial-events-end at the list's revision, then live changes; bad combinations are 422.
/// </summary>
public sealed class WatchListEndpointTests : IClassFixture<InProcessServer>
{
    private readonly HttpClient _client;

    public WatchListEndpointTests(InProcessServer server) => _client = server.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendInitialEvents_AddsThenInitialEventsEndBookmarkThenLiveEvents()
    {
        var ns = await NamespaceAsync();
        await CreateConfigMapAsync(ns, "one");
        var last = await CreateConfigMapAsync(ns, "two");

        using var watch = await OpenAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=10");
        var first = await watch.NextAsync();
        var second = await watch.NextAsync();
        var bookmark = await watch.NextAsync();
        await CreateConfigMapAsync(ns, "three");
        var live = await watch.NextAsync();

        Assert.Equal(["ADDED", "ADDED"], [(string?)first["type"], (string?)second["type"]]);
        Assert.Equal(["one", "two"], [(string?)first["object"]!["metadata"]!["name"], (string?)second["object"]!["metadata"]!["name"]]);
        Assert.Equal("BOOKMARK", (string?)bookmark["type"]);
        Assert.Equal("ConfigMap", (string?)bookmark["object"]!["kind"]);
        Assert.Equal("true", (string?)bookmark["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]);
        Assert.True(long.Parse((string)bookmark["object"]!["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture) >= last);
        Assert.Equal("ADDED", (string?)live["type"]);
        Assert.Equal("three", (string?)live["object"]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task SendInitialEvents_WithoutBookmarks_SendsNoInitialEventsEndMarker()
    {
        var ns = await NamespaceAsync();
        await CreateConfigMapAsync(ns, "one");

        using var watch = await OpenAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=10");
        var added = await watch.NextAsync();
        await CreateConfigMapAsync(ns, "two");
        var next = await watch.NextAsync();

        Assert.Equal("one", (string?)added["object"]!["metadata"]!["name"]);
        Assert.Equal("ADDED", (string?)next["type"]);
        Assert.Equal("two", (string?)next["object"]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task SendInitialEventsFalse_FromAResourceVersion_SendsOnlyLaterChanges()
    {
        var ns = await NamespaceAsync();
        var rv = await CreateConfigMapAsync(ns, "old");

        using var watch = await OpenAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan&resourceVersion={rv}&timeoutSeconds=10");
        await CreateConfigMapAsync(ns, "new");
        var next = await watch.NextAsync();

        Assert.Equal("new", (string?)next["object"]!["metadata"]!["name"]);
    }

    [Theory]
    [InlineData("watch=true&sendInitialEvents=true", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [InlineData("watch=true&resourceVersionMatch=NotOlderThan", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    [InlineData("watch=true&sendInitialEvents=true&resourceVersionMatch=Exact", "ListOptions.meta.k8s.io \"\" is invalid: [resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\"]")]
    [InlineData("sendInitialEvents=true", "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list")]
    public async Task BadCombination_Is422ListOptionsInvalid(string query, string message)
    {
        using var response = await _client.GetAsync(new Uri($"/api/v1/namespaces/default/configmaps?{query}", UriKind.Relative), Ct);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Equal("Invalid", (string?)status["reason"]);
        Assert.Equal(message, (string?)status["message"]);
        Assert.Equal("ListOptions", (string?)status["details"]!["kind"]);
    }

    [Fact]
    public async Task SendInitialEventsNotABoolean_Is400()
    {
        using var response = await _client.GetAsync(new Uri("/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=maybe&resourceVersionMatch=NotOlderThan", UriKind.Relative), Ct);

        Assert.Equal(400, (int)response.StatusCode);
    }

    private async Task<string> NamespaceAsync()
    {
        var name = "wl-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await _client.PostAsync(new Uri("/api/v1/namespaces", UriKind.Relative), Json($$$"""{"metadata":{"name":"{{{name}}}"}}"""), Ct);
        Assert.Equal(201, (int)response.StatusCode);
        return name;
    }

    private async Task<long> CreateConfigMapAsync(string ns, string name)
    {
        using var response = await _client.PostAsync(new Uri($"/api/v1/namespaces/{ns}/configmaps", UriKind.Relative), Json($$$"""{"metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}"""), Ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(201, (int)response.StatusCode);
        return long.Parse((string)body["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<WatchStream> OpenAsync(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(200, (int)response.StatusCode);
        return new WatchStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(Ct)));
    }

    private sealed class WatchStream(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public async Task<JsonObject> NextAsync()
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the watch ended");
            return JsonNode.Parse(line)!.AsObject();
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
        }
    }
}
