using Kubesharp.ApiServer.Metrics;

namespace Kubesharp.ApiServer.Tests.Metrics;

public sealed class RequestMetricsTests(MetricsServerFixture fixture) : IClassFixture<MetricsServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/default/pods", false, "LIST", "", "pods", "", "namespace")]
    [InlineData("GET", "/api/v1/pods", false, "LIST", "", "pods", "", "resource")]
    [InlineData("GET", "/api/v1/namespaces/default/pods", true, "WATCH", "", "pods", "", "namespace")]
    [InlineData("GET", "/apis/apps/v1/namespaces/ns/deployments/web/scale", false, "GET", "apps", "deployments", "scale", "namespace")]
    [InlineData("POST", "/api/v1/namespaces", false, "POST", "", "namespaces", "", "cluster")]
    [InlineData("DELETE", "/api/v1/namespaces/a/configmaps", false, "DELETECOLLECTION", "", "configmaps", "", "namespace")]
    [InlineData("GET", "/healthz", false, "GET", "", "", "", "")]
    public void From_Request_UpstreamLabels(string method, string path, bool watch, string verb, string group, string resource, string subresource, string scope)
    {
        var key = RequestKey.From(method, path, watch);
        Assert.Equal((verb, group, resource, subresource, scope), (key.Verb, key.Group, key.Resource, key.Subresource, key.Scope));
    }

    [Fact]
    public async Task Metrics_AfterRequests_CountsByVerbResourceAndCode()
    {
        (await fixture.Client.GetAsync(new Uri("/api/v1/namespaces/default/configmaps", UriKind.Relative), Ct)).Dispose();
        (await fixture.Client.GetAsync(new Uri("/api/v1/namespaces/default/configmaps/missing", UriKind.Relative), Ct)).Dispose();

        var text = await fixture.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct);

        Assert.Contains("# TYPE apiserver_request_total counter", text, StringComparison.Ordinal);
        Assert.Matches(@"apiserver_request_total\{component=""apiserver"",group="""",resource=""configmaps"",scope=""namespace"",subresource="""",verb=""LIST"",version=""v1"",code=""200""\} [1-9]", text);
        Assert.Matches(@"apiserver_request_total\{[^}]*resource=""configmaps""[^}]*verb=""GET""[^}]*code=""404""\} [1-9]", text);
        Assert.Matches(@"apiserver_request_duration_seconds_count\{[^}]*resource=""configmaps""[^}]*verb=""LIST""[^}]*\} [1-9]", text);
    }

    [Fact]
    public async Task Metrics_Always_ReportProcessAndGarbageCollector()
    {
        var text = await fixture.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct);

        Assert.Matches(@"(?m)^process_cpu_seconds_total [0-9.eE+-]+$", text);
        Assert.Matches(@"(?m)^process_resident_memory_bytes [1-9][0-9]*$", text);
        Assert.Matches(@"(?m)^dotnet_collection_count_total\{generation=""0""\} [0-9]+$", text);
        Assert.Matches(@"(?m)^dotnet_gc_allocated_bytes_total [1-9][0-9]*$", text);

        // Counters only grow: a second scrape after allocating reports more allocated bytes.
        var before = Value(text, "dotnet_gc_allocated_bytes_total");
        GC.KeepAlive(new byte[1 << 20]);
        var after = Value(await fixture.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct), "dotnet_gc_allocated_bytes_total");
        Assert.True(after > before, $"allocated bytes went from {before} to {after}");
    }

    private static double Value(string text, string name) =>
        double.Parse(text.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
