using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Env;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Kubelet.Tests.Env;

public sealed class ContainerEnvironmentTests : IDisposable
{
    private static readonly PodAddresses Addresses = new(["10.42.0.9"], "10.0.0.1");
    private readonly FakeApiClient _api = new();
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private ServiceCache? _services;

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _services?.Dispose();
    }

    /// <summary>The Service cache over the fake API, started on first use (after the test has added its objects).</summary>
    private async Task<ServiceCache> ServicesAsync()
    {
        if (_services is null)
        {
            _services = ServiceCache.Create(_api, NullLogger.Instance, TimeProvider.System);
            _ = _services.RunAsync(_stop.Token);
            await _services.WaitForSyncAsync(TestContext.Current.CancellationToken);
        }

        return _services;
    }

    private static JsonObject Pod(string container, string? spec = null) => JsonNode.Parse(
        """{"metadata":{"name":"web","namespace":"shop","uid":"u-1","labels":{"app":"web"}},"spec":{"nodeName":"node-1" """
        + spec + ""","containers":[""" + container + "]}}")!.AsObject();

    private async Task<Dictionary<string, string>> ResolveAsync(JsonObject pod)
    {
        var env = ContainerEnvironments.Create(_api, await ServicesAsync(), new ContainerEnvironmentOptions(new NodeAllocatable(4000, 1L << 33)), NullLoggerFactory.Instance);
        var vars = await env.ResolveAsync(pod, pod["spec"]!["containers"]![0]!.AsObject(), Addresses, TestContext.Current.CancellationToken);
        Assert.Equal(vars.Count, vars.Select(v => v.Key).Distinct().Count());
        return vars.ToDictionary(v => v.Key, v => v.Value);
    }

    private async Task<string> FailAsync(JsonObject pod) =>
        (await Assert.ThrowsAsync<ContainerConfigException>(() => ResolveAsync(pod))).Message;

    [Fact]
    public async Task ResolveAsync_ValuesAndExpansion_UseEarlierVariablesOnly()
    {
        var vars = await ResolveAsync(Pod("""
            {"name":"c","env":[{"name":"A","value":"a"},{"name":"B","value":"$(A)-$(C)-$$(A)"},{"name":"C","value":"c"},{"name":"A","value":"again"}]}
            """));

        Assert.Equal("again", vars["A"]);
        Assert.Equal("a-$(C)-$(A)", vars["B"]);
        Assert.Equal("c", vars["C"]);
    }

    [Fact]
    public async Task ResolveAsync_EnvFromWithPrefix_ExplicitEnvWins()
    {
        _api.ConfigMap("shop", "cfg", ("MODE", "prod"), ("LEVEL", "3"));
        _api.Secret("shop", "creds", ("PASSWORD", "hunter2"));

        var vars = await ResolveAsync(Pod("""
            {"name":"c","envFrom":[{"configMapRef":{"name":"cfg"},"prefix":"APP_"},{"secretRef":{"name":"creds"}}],
             "env":[{"name":"APP_LEVEL","value":"9"},{"name":"URL","value":"db?pw=$(PASSWORD)&m=$(APP_MODE)"}]}
            """));

        Assert.Equal("prod", vars["APP_MODE"]);
        Assert.Equal("9", vars["APP_LEVEL"]);
        Assert.Equal("hunter2", vars["PASSWORD"]);
        Assert.Equal("db?pw=hunter2&m=prod", vars["URL"]);
    }

    [Fact]
    public async Task ResolveAsync_KeyRefs_ReadConfigMapAndSecretKeys()
    {
        _api.ConfigMap("shop", "cfg", ("mode", "prod"));
        _api.Secret("shop", "creds", ("token", "t0k"));

        var vars = await ResolveAsync(Pod("""
            {"name":"c","env":[{"name":"MODE","valueFrom":{"configMapKeyRef":{"name":"cfg","key":"mode"}}},
                               {"name":"TOKEN","valueFrom":{"secretKeyRef":{"name":"creds","key":"token"}}},
                               {"name":"NOT_EXPANDED","valueFrom":{"configMapKeyRef":{"name":"cfg","key":"mode"}}}]}
            """));

        Assert.Equal("prod", vars["MODE"]);
        Assert.Equal("t0k", vars["TOKEN"]);
    }

    [Fact]
    public async Task ResolveAsync_OptionalMissing_LeavesVariablesOut()
    {
        _api.ConfigMap("shop", "cfg", ("mode", "prod"));

        var vars = await ResolveAsync(Pod("""
            {"name":"c","envFrom":[{"configMapRef":{"name":"absent","optional":true}},{"secretRef":{"name":"absent","optional":true}}],
             "env":[{"name":"A","valueFrom":{"configMapKeyRef":{"name":"cfg","key":"nope","optional":true}}},
                    {"name":"B","valueFrom":{"secretKeyRef":{"name":"absent","key":"k","optional":true}}}]}
            """));

        Assert.DoesNotContain("A", vars.Keys);
        Assert.DoesNotContain("B", vars.Keys);
    }

    [Theory]
    [InlineData("""{"name":"c","envFrom":[{"configMapRef":{"name":"absent"}}]}""", "configmap \"absent\" not found")]
    [InlineData("""{"name":"c","envFrom":[{"secretRef":{"name":"absent"}}]}""", "secret \"absent\" not found")]
    [InlineData("""{"name":"c","env":[{"name":"X","valueFrom":{"configMapKeyRef":{"name":"absent","key":"k"}}}]}""", "configmap \"absent\" not found")]
    [InlineData("""{"name":"c","env":[{"name":"X","valueFrom":{"configMapKeyRef":{"name":"cfg","key":"y"}}}]}""", "couldn't find key y in ConfigMap shop/cfg")]
    [InlineData("""{"name":"c","env":[{"name":"X","valueFrom":{"secretKeyRef":{"name":"creds","key":"y"}}}]}""", "couldn't find key y in Secret shop/creds")]
    [InlineData("""{"name":"c","env":[{"name":"X","valueFrom":{"fieldRef":{"fieldPath":"spec.bogus"}}}]}""", "unsupported fieldPath: spec.bogus")]
    public async Task ResolveAsync_MissingRequiredRef_ThrowsUpstreamMessage(string container, string message)
    {
        _api.ConfigMap("shop", "cfg", ("mode", "prod"));
        _api.Secret("shop", "creds", ("token", "t"));

        Assert.Equal(message, await FailAsync(Pod(container)));
    }

    [Fact]
    public async Task ResolveAsync_FieldAndResourceRefs_ResolveAgainstPodAndAddresses()
    {
        var vars = await ResolveAsync(Pod("""
            {"name":"c","resources":{"limits":{"memory":"64Mi"}},
             "env":[{"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}},
                    {"name":"IP","valueFrom":{"fieldRef":{"fieldPath":"status.podIP"}}},
                    {"name":"APP","valueFrom":{"fieldRef":{"fieldPath":"metadata.labels['app']"}}},
                    {"name":"MEM","valueFrom":{"resourceFieldRef":{"resource":"limits.memory","divisor":"1Mi"}}},
                    {"name":"CPU","valueFrom":{"resourceFieldRef":{"resource":"limits.cpu","divisor":"1m"}}},
                    {"name":"OTHER","valueFrom":{"resourceFieldRef":{"containerName":"side","resource":"requests.cpu","divisor":"1m"}}}]},
            {"name":"side","resources":{"requests":{"cpu":"100m"}}}
            """));

        Assert.Equal("node-1", vars["NODE"]);
        Assert.Equal("10.42.0.9", vars["IP"]);
        Assert.Equal("web", vars["APP"]);
        Assert.Equal("64", vars["MEM"]);
        Assert.Equal("4000", vars["CPU"]);
        Assert.Equal("100", vars["OTHER"]);
    }

    [Fact]
    public async Task ResolveAsync_ServiceLinks_DockerStyleVariablesForNamespaceServicesAndMaster()
    {
        _api.Add("services", "default", "kubernetes", JsonNode.Parse("""{"spec":{"clusterIP":"10.43.0.1","ports":[{"name":"https","port":443,"protocol":"TCP"}]}}""")!.AsObject());
        _api.Add("services", "shop", "redis-main", JsonNode.Parse("""{"spec":{"clusterIP":"10.43.0.20","ports":[{"port":6379},{"name":"metrics","port":9121,"protocol":"UDP"}]}}""")!.AsObject());
        _api.Add("services", "shop", "headless", JsonNode.Parse("""{"spec":{"clusterIP":"None","ports":[{"port":80}]}}""")!.AsObject());
        _api.Add("services", "other", "elsewhere", JsonNode.Parse("""{"spec":{"clusterIP":"10.43.0.30","ports":[{"port":80}]}}""")!.AsObject());

        var vars = await ResolveAsync(Pod("""{"name":"c","env":[{"name":"REDIS_MAIN_SERVICE_PORT","value":"mine"},{"name":"U","value":"$(REDIS_MAIN_SERVICE_HOST)"}]}"""));

        Assert.Equal("10.43.0.1", vars["KUBERNETES_SERVICE_HOST"]);
        Assert.Equal("443", vars["KUBERNETES_SERVICE_PORT"]);
        Assert.Equal("443", vars["KUBERNETES_SERVICE_PORT_HTTPS"]);
        Assert.Equal("tcp://10.43.0.1:443", vars["KUBERNETES_PORT"]);
        Assert.Equal("tcp://10.43.0.1:443", vars["KUBERNETES_PORT_443_TCP"]);
        Assert.Equal("tcp", vars["KUBERNETES_PORT_443_TCP_PROTO"]);
        Assert.Equal("443", vars["KUBERNETES_PORT_443_TCP_PORT"]);
        Assert.Equal("10.43.0.1", vars["KUBERNETES_PORT_443_TCP_ADDR"]);
        Assert.Equal("10.43.0.20", vars["REDIS_MAIN_SERVICE_HOST"]);
        Assert.Equal("mine", vars["REDIS_MAIN_SERVICE_PORT"]);
        Assert.Equal("9121", vars["REDIS_MAIN_SERVICE_PORT_METRICS"]);
        Assert.Equal("udp://10.43.0.20:9121", vars["REDIS_MAIN_PORT_9121_UDP"]);
        Assert.Equal("tcp://10.43.0.20:6379", vars["REDIS_MAIN_PORT"]);
        Assert.Equal("10.43.0.20", vars["U"]);
        Assert.DoesNotContain(vars.Keys, k => k.StartsWith("HEADLESS_", StringComparison.Ordinal) || k.StartsWith("ELSEWHERE_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveAsync_ServiceLinksDisabled_KeepsOnlyMasterService()
    {
        _api.Add("services", "default", "kubernetes", JsonNode.Parse("""{"spec":{"clusterIP":"10.43.0.1","ports":[{"name":"https","port":443}]}}""")!.AsObject());
        _api.Add("services", "shop", "redis", JsonNode.Parse("""{"spec":{"clusterIP":"10.43.0.20","ports":[{"port":6379}]}}""")!.AsObject());

        var vars = await ResolveAsync(Pod("""{"name":"c"}""", ""","enableServiceLinks":false"""));

        Assert.Equal("10.43.0.1", vars["KUBERNETES_SERVICE_HOST"]);
        Assert.DoesNotContain("REDIS_SERVICE_HOST", vars.Keys);
    }

    [Fact]
    public async Task ResolveAsync_ManyContainerStarts_ServicesListedOnceByTheCache()
    {
        _api.Add("services", "default", "kubernetes", JsonNode.Parse("""{"spec":{"clusterIP":"10.43.0.1","ports":[{"name":"https","port":443}]}}""")!.AsObject());
        _api.Add("services", "shop", "redis", JsonNode.Parse("""{"spec":{"clusterIP":"10.43.0.20","ports":[{"port":6379}]}}""")!.AsObject());

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("10.43.0.20", (await ResolveAsync(Pod("""{"name":"c"}""")))["REDIS_SERVICE_HOST"]);
        }

        Assert.Equal(["LIST services "], _api.Calls.Where(c => c.Contains("services", StringComparison.Ordinal) && !c.StartsWith("WATCH", StringComparison.Ordinal)));
        Assert.DoesNotContain(_api.Calls, c => c.StartsWith("GET services", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveAsync_CacheNeverSynced_FailsWithUpstreamMessage()
    {
        using var unsynced = ServiceCache.Create(_api, NullLogger.Instance, TimeProvider.System);
        var env = ContainerEnvironments.Create(
            _api, unsynced, new ContainerEnvironmentOptions(new NodeAllocatable(4000, 1L << 33)) { ServiceSyncWait = TimeSpan.FromMilliseconds(50) }, NullLoggerFactory.Instance);
        var pod = Pod("""{"name":"c"}""");

        var error = await Assert.ThrowsAsync<ContainerConfigException>(() => env.ResolveAsync(pod, pod["spec"]!["containers"]![0]!.AsObject(), Addresses, TestContext.Current.CancellationToken));

        Assert.Equal("services have not yet been read at least once, cannot construct envvars", error.Message);
    }
}
