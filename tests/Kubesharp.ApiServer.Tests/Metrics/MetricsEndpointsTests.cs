using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Tests.Metrics;

/// <summary>metrics.k8s.io served by the real API server from a fake kubelet on loopback.</summary>
public sealed class MetricsEndpointsTests(MetricsServerFixture fixture) : IClassFixture<MetricsServerFixture>
{
    private const string Base = "/apis/metrics.k8s.io/v1beta1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListNodes_ReachableKubelet_OnlyThatNodeWithUsage()
    {
        var list = await GetAsync($"{Base}/nodes");

        Assert.Equal("NodeMetricsList", (string?)list["kind"]);
        Assert.Equal("metrics.k8s.io/v1beta1", (string?)list["apiVersion"]);
        var node = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal("n1", (string?)node["metadata"]!["name"]);
        Assert.Equal("worker", (string?)node["metadata"]!["labels"]!["role"]);
        Assert.Equal("150m", (string?)node["usage"]!["cpu"]);
        Assert.Equal("512Mi", (string?)node["usage"]!["memory"]);
        Assert.Equal("2026-12-01T12:00:00Z", (string?)node["timestamp"]);
        Assert.Contains("CN=kube-apiserver-kubelet-client", fixture.Kubelet.LastClientSubject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListNodes_LabelSelector_Filters()
    {
        Assert.Empty((await GetAsync($"{Base}/nodes?labelSelector=role%3Dspare"))["items"]!.AsArray());
        Assert.Single((await GetAsync($"{Base}/nodes?labelSelector=role%3Dworker"))["items"]!.AsArray());
    }

    [Fact]
    public async Task GetNode_Known_NodeMetrics()
    {
        var node = await GetAsync($"{Base}/nodes/n1");
        Assert.Equal("NodeMetrics", (string?)node["kind"]);
        Assert.Equal("150m", (string?)node["usage"]!["cpu"]);
    }

    [Theory]
    [InlineData($"{Base}/nodes/n2", "nodemetrics.metrics.k8s.io \"n2\" not found")]
    [InlineData($"{Base}/nodes/nope", "nodemetrics.metrics.k8s.io \"nope\" not found")]
    [InlineData($"{Base}/namespaces/default/pods/young", "podmetrics.metrics.k8s.io \"young\" not found")]
    [InlineData($"{Base}/namespaces/default/pods/nope", "podmetrics.metrics.k8s.io \"nope\" not found")]
    public async Task Get_NoMetrics_NotFoundStatus(string path, string message)
    {
        using var response = await fixture.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("NotFound", (string?)status["reason"]);
        Assert.Equal(message, (string?)status["message"]);
    }

    [Fact]
    public async Task ListPods_Namespace_PodsWithCompleteMetrics()
    {
        var list = await GetAsync($"{Base}/namespaces/default/pods");

        Assert.Equal("PodMetricsList", (string?)list["kind"]);
        var pod = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal("web", (string?)pod["metadata"]!["name"]);
        Assert.Equal("default", (string?)pod["metadata"]!["namespace"]);
        Assert.Equal("web", (string?)pod["metadata"]!["labels"]!["app"]);
        var containers = pod["containers"]!.AsArray();
        Assert.Equal(["app", "sidecar"], containers.Select(c => (string?)c!["name"]));
        Assert.Equal("2m", (string?)containers[0]!["usage"]!["cpu"]);
        Assert.Equal("4Mi", (string?)containers[0]!["usage"]!["memory"]);
    }

    [Fact]
    public async Task ListPods_AllNamespacesWithSelector_Filters()
    {
        Assert.Single((await GetAsync($"{Base}/pods?labelSelector=app%3Dweb"))["items"]!.AsArray());
        Assert.Empty((await GetAsync($"{Base}/pods?labelSelector=app%3Dyoung"))["items"]!.AsArray());
        Assert.Empty((await GetAsync($"{Base}/namespaces/kube-system/pods"))["items"]!.AsArray());
    }

    [Fact]
    public async Task GetPod_Known_PodMetrics()
    {
        var pod = await GetAsync($"{Base}/namespaces/default/pods/web");
        Assert.Equal("PodMetrics", (string?)pod["kind"]);
        Assert.Equal(2, pod["containers"]!.AsArray().Count);
    }

    [Fact]
    public async Task Post_MetricsResource_MethodNotAllowedAndNothingStored()
    {
        using var content = new StringContent("""{"metadata":{"name":"x"}}""", Encoding.UTF8, "application/json");
        using var response = await fixture.Client.PostAsync(new Uri($"{Base}/nodes", UriKind.Relative), content, Ct);
        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal("MethodNotAllowed", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["reason"]);
    }

    [Fact]
    public async Task RepeatedLists_WithinCachePeriod_OneKubeletScrape()
    {
        await GetAsync($"{Base}/nodes/n1");
        var before = fixture.Kubelet.Requests;
        await GetAsync($"{Base}/nodes");
        await GetAsync($"{Base}/namespaces/default/pods");
        Assert.Equal(before, fixture.Kubelet.Requests);
    }

    [Fact]
    public async Task Discovery_LegacyAndAggregated_ListMetricsGroup()
    {
        var groups = await GetAsync("/apis");
        var group = groups["groups"]!.AsArray().Single(g => (string?)g!["name"] == "metrics.k8s.io")!;
        Assert.Equal("metrics.k8s.io/v1beta1", (string?)group["preferredVersion"]!["groupVersion"]);

        var resources = await GetAsync($"{Base}");
        var nodes = resources["resources"]!.AsArray().Single(r => (string?)r!["name"] == "nodes")!;
        Assert.Equal("NodeMetrics", (string?)nodes["kind"]);
        Assert.Equal(["get", "list"], nodes["verbs"]!.AsArray().Select(v => (string?)v));
        var pods = resources["resources"]!.AsArray().Single(r => (string?)r!["name"] == "pods")!;
        Assert.True((bool)pods["namespaced"]!);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/apis", UriKind.Relative));
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"));
        using var response = await fixture.Client.SendAsync(request, Ct);
        var aggregated = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Contains(aggregated["items"]!.AsArray(), g => (string?)g!["metadata"]!["name"] == "metrics.k8s.io");
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        using var response = await fixture.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!;
    }
}
