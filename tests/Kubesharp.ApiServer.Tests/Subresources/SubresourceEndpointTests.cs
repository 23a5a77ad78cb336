using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Discovery;
using Kubesharp.ApiServer.Tests.Serving;

namespace Kubesharp.ApiServer.Tests.Subresources;

/// <summary>scale, binding and eviction over HTTPS on the real host: routes, bodies and status codes.</summary>
public sealed class SubresourceEndpointTests : IClassFixture<InProcessServer>
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    private const string Pods = "/api/v1/namespaces/default/pods";

    private readonly HttpClient _client;

    public SubresourceEndpointTests(InProcessServer server) => _client = server.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("application/merge-patch+json", "{\"spec\":{\"replicas\":4}}")]
    [InlineData("application/strategic-merge-patch+json", "{\"spec\":{\"replicas\":4}}")]
    [InlineData("application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]")]
    public async Task PatchScale_EachPatchKind_SetsDeploymentReplicas(string contentType, string patch)
    {
        var name = "patch-" + contentType.Split('/')[1].Split('+')[0];
        await CreateDeploymentAsync(name);

        var (code, scale) = await SendAsync(HttpMethod.Patch, $"{Deployments}/{name}/scale", patch, contentType);

        Assert.Equal(200, code);
        Assert.Equal("Scale", (string?)scale["kind"]);
        Assert.Equal(4, (int)scale["spec"]!["replicas"]!);
        var (_, deployment) = await SendAsync(HttpMethod.Get, $"{Deployments}/{name}", null, null);
        Assert.Equal(4, (int)deployment["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task PutScale_StaleResourceVersion_Is409()
    {
        await CreateDeploymentAsync("put-stale");
        var (_, scale) = await SendAsync(HttpMethod.Get, $"{Deployments}/put-stale/scale", null, null);
        Assert.Equal("autoscaling/v1", (string?)scale["apiVersion"]);
        scale["spec"]!["replicas"] = 3;
        var (first, _) = await SendAsync(HttpMethod.Put, $"{Deployments}/put-stale/scale", scale.ToJsonString(), "application/json");
        scale["spec"]!["replicas"] = 7;

        var (second, status) = await SendAsync(HttpMethod.Put, $"{Deployments}/put-stale/scale", scale.ToJsonString(), "application/json");

        Assert.Equal(200, first);
        Assert.Equal(409, second);
        Assert.Equal("Conflict", (string?)status["reason"]);
    }

    [Fact]
    public async Task DeleteScale_Is405()
    {
        await CreateDeploymentAsync("no-delete");

        var (code, status) = await SendAsync(HttpMethod.Delete, $"{Deployments}/no-delete/scale", null, null);

        Assert.Equal(405, code);
        Assert.Equal("MethodNotAllowed", (string?)status["reason"]);
    }

    [Fact]
    public async Task PostBinding_Answers201SuccessThen409()
    {
        await SendAsync(HttpMethod.Post, Pods, "{\"metadata\":{\"name\":\"bind-me\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}", "application/json");
        const string binding = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"bind-me\"},\"target\":{\"kind\":\"Node\",\"name\":\"n1\"}}";

        var (code, status) = await SendAsync(HttpMethod.Post, $"{Pods}/bind-me/binding", binding, "application/json");
        var (again, conflict) = await SendAsync(HttpMethod.Post, $"{Pods}/bind-me/binding", binding, "application/json");

        Assert.Equal(201, code);
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Success", (string?)status["status"]);
        Assert.Equal(201, (int)status["code"]!);
        Assert.Equal(409, again);
        Assert.Equal("Operation cannot be fulfilled on pods/binding \"bind-me\": pod bind-me is already assigned to node \"n1\"", (string?)conflict["message"]);
    }

    [Fact]
    public async Task PostEviction_BlockedByBudget_Is429WithCause_ThenAllowedDeletes()
    {
        await SendAsync(HttpMethod.Post, Pods, "{\"metadata\":{\"name\":\"evict-me\",\"labels\":{\"evict\":\"yes\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}", "application/json");
        await SendAsync(HttpMethod.Patch, $"{Pods}/evict-me/status", "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}", "application/merge-patch+json");
        await SendAsync(HttpMethod.Post, "/apis/policy/v1/namespaces/default/poddisruptionbudgets", "{\"metadata\":{\"name\":\"guard\"},\"spec\":{\"maxUnavailable\":0,\"selector\":{\"matchLabels\":{\"evict\":\"yes\"}}}}", "application/json");
        await SendAsync(HttpMethod.Patch, "/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard/status", "{\"status\":{\"observedGeneration\":1,\"disruptionsAllowed\":0,\"currentHealthy\":1,\"desiredHealthy\":1,\"expectedPods\":1}}", "application/merge-patch+json");
        const string eviction = "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"evict-me\"},\"deleteOptions\":{\"gracePeriodSeconds\":0}}";

        var (blocked, status) = await SendAsync(HttpMethod.Post, $"{Pods}/evict-me/eviction", eviction, "application/json");
        await SendAsync(HttpMethod.Patch, "/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard/status", "{\"status\":{\"disruptionsAllowed\":1}}", "application/merge-patch+json");
        var (allowed, success) = await SendAsync(HttpMethod.Post, $"{Pods}/evict-me/eviction", eviction, "application/json");
        var (gone, _) = await SendAsync(HttpMethod.Get, $"{Pods}/evict-me", null, null);

        Assert.Equal(429, blocked);
        Assert.Equal("TooManyRequests", (string?)status["reason"]);
        Assert.Equal("Cannot evict pod as it would violate the pod's disruption budget.", (string?)status["message"]);
        Assert.Equal("DisruptionBudget", (string?)status["details"]!["causes"]![0]!["reason"]);
        Assert.Null(status["details"]!["causes"]![0]!["field"]);
        Assert.Equal(201, allowed);
        Assert.Equal("Success", (string?)success["status"]);
        Assert.Equal(404, gone);
    }

    [Fact]
    public async Task PostEviction_BudgetNotObserved_Is429WithRetryAfter()
    {
        await SendAsync(HttpMethod.Post, Pods, "{\"metadata\":{\"name\":\"evict-later\",\"labels\":{\"later\":\"yes\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}", "application/json");
        await SendAsync(HttpMethod.Patch, $"{Pods}/evict-later/status", "{\"status\":{\"phase\":\"Running\"}}", "application/merge-patch+json");
        await SendAsync(HttpMethod.Post, "/apis/policy/v1/namespaces/default/poddisruptionbudgets", "{\"metadata\":{\"name\":\"unobserved\"},\"spec\":{\"maxUnavailable\":1,\"selector\":{\"matchLabels\":{\"later\":\"yes\"}}}}", "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{Pods}/evict-later/eviction", UriKind.Relative))
        {
            Content = new StringContent("{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"evict-later\"}}", Encoding.UTF8, "application/json"),
        };

        using var response = await _client.SendAsync(request, Ct);

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(10, (int)status["details"]!["retryAfterSeconds"]!);
    }

    [Theory]
    [InlineData("/api/v1/namespaces/default/replicationcontrollers", "{\"apiVersion\":\"v1\",\"kind\":\"ReplicationController\",\"metadata\":{\"name\":\"rc-scale\"},\"spec\":{\"replicas\":2,\"selector\":{\"app\":\"rc\"},\"template\":{\"metadata\":{\"labels\":{\"app\":\"rc\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}}}", "rc-scale", "app=rc")]
    [InlineData("/apis/apps/v1/namespaces/default/statefulsets", "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"sts-scale\"},\"spec\":{\"replicas\":2,\"serviceName\":\"s\",\"selector\":{\"matchLabels\":{\"app\":\"sts\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"sts\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}}}", "sts-scale", "app=sts")]
    [InlineData("/apis/apps/v1/namespaces/default/replicasets", "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"rs-scale\"},\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"rs\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"rs\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}}}", "rs-scale", "app=rs")]
    public async Task Scale_OtherScalableKinds_GetAndPatch(string collection, string body, string name, string selector)
    {
        var (created, _) = await SendAsync(HttpMethod.Post, collection, body, "application/json");

        var (getCode, scale) = await SendAsync(HttpMethod.Get, $"{collection}/{name}/scale", null, null);
        var (patchCode, patched) = await SendAsync(HttpMethod.Patch, $"{collection}/{name}/scale", "{\"spec\":{\"replicas\":6}}", "application/merge-patch+json");
        var (_, parent) = await SendAsync(HttpMethod.Get, $"{collection}/{name}", null, null);

        Assert.Equal(201, created);
        Assert.Equal(200, getCode);
        Assert.Equal(selector, (string?)scale["status"]!["selector"]);
        Assert.Equal(2, (int)scale["spec"]!["replicas"]!);
        Assert.Equal(200, patchCode);
        Assert.Equal(6, (int)patched["spec"]!["replicas"]!);
        Assert.Equal(6, (int)parent["spec"]!["replicas"]!);
    }

    [Theory]
    [InlineData("/api/v1", "pods/binding", "", "v1", "Binding")]
    [InlineData("/api/v1", "pods/eviction", "policy", "v1", "Eviction")]
    [InlineData("/api/v1", "replicationcontrollers/scale", "autoscaling", "v1", "Scale")]
    [InlineData("/apis/apps/v1", "statefulsets/scale", "autoscaling", "v1", "Scale")]
    public void Discovery_ListsSubresourceWithUpstreamKind(string path, string name, string group, string version, string kind)
    {
        var list = JsonNode.Parse(new DiscoverySnapshot(BuiltInResources.All).Find(path)!.Body)!;
        var entry = list["resources"]!.AsArray().Single(r => (string?)r!["name"] == name)!;

        Assert.Equal(kind, (string?)entry["kind"]);
        if (group.Length > 0)
        {
            Assert.Equal(group, (string?)entry["group"]);
            Assert.Equal(version, (string?)entry["version"]);
        }
    }

    private async Task CreateDeploymentAsync(string name)
    {
        var body = Objects.Deployment(name);
        var (code, created) = await SendAsync(HttpMethod.Post, Deployments, body.ToJsonString(), "application/json");
        Assert.True(code == 201, created.ToJsonString());
    }

    private async Task<(int Code, JsonNode Body)> SendAsync(HttpMethod method, string path, string? body, string? contentType)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType!);
        }

        using var response = await _client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return ((int)response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!);
    }
}
