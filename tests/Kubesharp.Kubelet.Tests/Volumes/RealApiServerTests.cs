using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Kubelet.Env;
using Kubesharp.Kubelet.Volumes;
using Kubesharp.Testing.Cluster;
using Kubesharp.Testing.Polling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Kubelet.Tests.Volumes;

/// <summary>Volumes and env against the real API server in-process: real TokenRequest, ConfigMaps, Secrets, Services.</summary>
public sealed class RealApiServerTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kubesharp-vol-real-" + Guid.NewGuid().ToString("N"));
    private InProcessApiServer _api = null!;

    public async ValueTask InitializeAsync() => _api = await InProcessApiServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        if (Directory.Exists(_root))
        {
            foreach (var mount in NodeFiles.MountsUnder(_root))
            {
                NodeFiles.Unmount(mount);
            }

            Directory.Delete(_root, recursive: true);
        }
    }

    private Task<JsonObject> CreateAsync(string plural, string json) =>
        _api.Client.CreateAsync(BuiltInResources.Get("", plural), "default", JsonNode.Parse(json)!.AsObject(), TestContext.Current.CancellationToken);

    [Fact]
    public async Task SetUpAndResolve_RealServer_TokenConfigMapSecretAndEnv()
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateAsync("serviceaccounts", """{"metadata":{"name":"default"}}""");
        await CreateAsync("configmaps", """{"metadata":{"name":"cfg"},"data":{"mode":"prod"}}""");
        await CreateAsync("secrets", """{"metadata":{"name":"creds"},"stringData":{"password":"hunter2"}}""");
        await CreateAsync("services", """{"metadata":{"name":"db"},"spec":{"ports":[{"port":5432}]}}""");
        var pod = await CreateAsync("pods", """
            {"metadata":{"name":"web"},"spec":{"serviceAccountName":"default","containers":[{"name":"c","image":"busybox",
              "env":[{"name":"MODE","valueFrom":{"configMapKeyRef":{"name":"cfg","key":"mode"}}},{"name":"PW","valueFrom":{"secretKeyRef":{"name":"creds","key":"password"}}}],
              "volumeMounts":[{"name":"config","mountPath":"/etc/cfg"}]}],
             "volumes":[{"name":"config","configMap":{"name":"cfg"}},{"name":"creds","secret":{"secretName":"creds"}}]}}
            """);
        var volumes = PodVolumes.Create(_api.Client, new PodVolumesOptions(_root, new NodeAllocatable(2000, 1L << 30)), NullLoggerFactory.Instance);
        using var services = ServiceCache.Create(_api.Client, NullLogger.Instance, TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watching = services.RunAsync(stop.Token);
        var env = ContainerEnvironments.Create(_api.Client, services, new ContainerEnvironmentOptions(new NodeAllocatable(2000, 1L << 30)), NullLoggerFactory.Instance);
        var container = pod["spec"]!["containers"]![0]!.AsObject();

        var set = await volumes.SetUpAsync(pod, ct);
        var vars = (await env.ResolveAsync(pod, container, new PodAddresses(["10.42.0.5"], "10.0.0.1"), ct)).ToDictionary(v => v.Key, v => v.Value);
        var mounts = volumes.MountsFor(container, set, [.. vars]);

        var account = set.Volumes[set.ServiceAccountVolume!].HostPath;
        var token = await File.ReadAllTextAsync(Path.Combine(account, "token"), ct);
        Assert.Equal(3, token.Split('.').Length);
        Assert.Equal("default", await File.ReadAllTextAsync(Path.Combine(account, "namespace"), ct));
        Assert.Equal("prod", await File.ReadAllTextAsync(Path.Combine(set.Volumes["config"].HostPath, "mode"), ct));
        Assert.Equal("hunter2", await File.ReadAllTextAsync(Path.Combine(set.Volumes["creds"].HostPath, "password"), ct));
        Assert.Equal("prod", vars["MODE"]);
        Assert.Equal("hunter2", vars["PW"]);
        Assert.Equal("5432", vars["DB_SERVICE_PORT"]);
        Assert.Equal(["/etc/cfg", ServiceAccountVolume.MountPath], mounts.Select(m => m.ContainerPath));

        // A Service created later reaches the next container start through the cache's watch.
        await CreateAsync("services", """{"metadata":{"name":"late-cache"},"spec":{"ports":[{"port":6379}]}}""");
        var later = await Poll.UntilAsync(
            async () => (await env.ResolveAsync(pod, container, new PodAddresses(["10.42.0.5"], "10.0.0.1"), ct)).ToDictionary(v => v.Key, v => v.Value),
            v => v.ContainsKey("LATE_CACHE_SERVICE_HOST"), ct, seconds: 10);
        Assert.Equal("6379", later["LATE_CACHE_SERVICE_PORT"]);
        await stop.CancelAsync();
        await watching.ContinueWith(_ => { }, TaskScheduler.Default);

        await volumes.TearDownAsync(pod["metadata"]!["uid"]!.GetValue<string>(), ct);
        Assert.False(Directory.Exists(Path.Combine(_root, "pods")) && Directory.EnumerateFileSystemEntries(Path.Combine(_root, "pods")).Any());
    }
}
