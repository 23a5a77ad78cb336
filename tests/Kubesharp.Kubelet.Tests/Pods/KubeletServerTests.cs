using System.Diagnostics;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Transport;
using Kubesharp.Testing.Polling;
using Kubesharp.Testing.Processes;
using Kubesharp.Testing.Sandbox;
using Kubesharp.Testing.Server;

namespace Kubesharp.Kubelet.Tests.Pods;

/// <summary>
/// The real <c>kubesharp server</c> (kubelet on, its own containerd) in a network sandbox, driven by the
/// real kubectl: pods run, crash-loop, miss images, fail to start, survive a server restart and leave
/// nothing behind when deleted.
/// </summary>
[Trait("Category", "Runtime")]
public sealed class KubeletServerTests
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");

    [Fact]
    public async Task Server_InSandbox_RunsCrashLoopsReportsBadPodsAdoptsAfterRestartAndCleansUp()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "needs root (containerd, runc, network namespaces); run the tests as root");
        Assert.SkipUnless(File.Exists("/usr/bin/containerd") && File.Exists("/bin/busybox"), "containerd or busybox-static missing; run scripts/install-deps.sh");
        if (!NetworkSandbox.IsInside)
        {
            await NetworkSandbox.RunMethodInsideAsync(
                $"{typeof(KubeletServerTests).FullName}.{nameof(Server_InSandbox_RunsCrashLoopsReportsBadPodsAdoptsAfterRestartAndCleansUp)}", TimeSpan.FromMinutes(8), ct);
            return;
        }

        await using var server = new KubesharpServerProcess("kubesharp-kubelet-e2e-");
        await server.StartAsync("--disable", "proxy,dns");
        await WaitForOutputAsync(server, "kubelet ready", ct);
        var kubectl = new KubectlRunner(server.KubeconfigPath);
        await using var transport = ApiTransports.FromKubeconfig(server.KubeconfigPath);
        var client = ApiClients.Create(transport);
        var socket = Path.Combine(server.DataDirectory, "kubelet", "containerd", "containerd.sock");
        var passed = false;
        try
        {
            var node = await kubectl.RunAsync("get", "nodes", "-o", "jsonpath={.items[0].status.nodeInfo.containerRuntimeVersion} {.items[0].status.conditions[?(@.type==\"Ready\")].status}");
            Assert.Matches(@"^containerd://1\.6\.\d+\S* True$", node); // the runtime's own version text, as upstream (Debian: 1.6.20~ds1)

            await kubectl.RunAsync("run", "sleeper", "--image=busybox", "--", "sleep", "3600");
            var sleeper = await WaitForPodAsync(client, "sleeper", p => Phase(p) == "Running", ct);
            Assert.Equal("Running", Phase(sleeper));
            Assert.StartsWith("10.42.0.", sleeper["status"]!["podIP"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("True", Condition(sleeper, "Ready"));
            var sleeperId = ContainerStatus(sleeper)["containerID"]!.GetValue<string>();
            Assert.StartsWith("containerd://", sleeperId, StringComparison.Ordinal);

            await kubectl.RunAsync("run", "crash", "--image=busybox", "--", "sh", "-c", "echo bye; exit 3");
            await kubectl.RunAsync("run", "ghost", "--image=example.invalid/ghost:1.0");
            await kubectl.RunAsync("run", "badcmd", "--image=busybox", "--command", "--", "/no/such/binary");

            var crash = await WaitForPodAsync(client, "crash", p => Waiting(p) == "CrashLoopBackOff" && RestartCount(p) >= 2, ct, seconds: 90);
            Assert.Equal("CrashLoopBackOff", Waiting(crash));
            Assert.True(RestartCount(crash) >= 2, crash.ToJsonString());
            Assert.Equal(3, ContainerStatus(crash)["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
            Assert.Equal("Running", Phase(crash)); // upstream: restartPolicy Always keeps a crash-looping pod Running

            var ghost = await WaitForPodAsync(client, "ghost", p => Waiting(p) is "ErrImagePull" or "ImagePullBackOff", ct);
            Assert.True(Waiting(ghost) is "ErrImagePull" or "ImagePullBackOff", ghost.ToJsonString());
            var ghostPulls = await WaitForPodAsync(client, "ghost", p => Waiting(p) == "ImagePullBackOff", ct, seconds: 30);
            Assert.Equal("ImagePullBackOff", Waiting(ghostPulls));
            var events = await kubectl.RunAsync("get", "events", "--field-selector", "involvedObject.name=ghost", "-o", "jsonpath={.items[*].message}");
            Assert.Contains("kubesharp images import", events, StringComparison.Ordinal);
            Assert.Equal("Pending", Phase(ghostPulls));

            var bad = await WaitForPodAsync(client, "badcmd", p => RestartCount(p) >= 1 || Waiting(p) is "RunContainerError" or "CrashLoopBackOff", ct);
            var badStatus = ContainerStatus(bad);
            Assert.Contains("no/such/binary", badStatus.ToJsonString(), StringComparison.Ordinal);

            sleeper = await client.GetAsync(Pods, "default", "sleeper", ct);
            Assert.Equal(sleeperId, ContainerStatus(sleeper)["containerID"]!.GetValue<string>());

            await server.RestartAsync("--disable", "proxy,dns");
            await WaitForOutputAsync(server, "kubelet ready", ct, after: "--- restarted by the test ---");
            await Task.Delay(TimeSpan.FromSeconds(3), ct); // a few pod syncs
            sleeper = await client.GetAsync(Pods, "default", "sleeper", ct);
            Assert.Equal(sleeperId, ContainerStatus(sleeper)["containerID"]!.GetValue<string>());
            Assert.Equal(0, RestartCount(sleeper));
            Assert.Equal("Running", Phase(sleeper));

            await kubectl.RunAsync(["delete", "pod", "--all", "--grace-period=1", "--wait=true"], TimeSpan.FromSeconds(90));
            var left = await Poll.UntilAsync(() => CtrAsync(socket, "containers", "ls", "-q"), s => s.Trim().Length == 0, ct, seconds: 30);
            Assert.Equal("", left.Trim());
            Assert.Equal("", (await kubectl.RunAsync("get", "pods", "-o", "name")).Trim());
            passed = true;
        }
        finally
        {
            if (!passed)
            {
                // Pod shims are not children of the server: let the kubelet remove what is left before it stops.
                Console.WriteLine(server.Output[^Math.Min(server.Output.Length, 30000)..]);
                await kubectl.RunAsync(["delete", "pod", "--all", "--grace-period=0", "--force"], TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
                await Poll.UntilAsync(() => CtrAsync(socket, "containers", "ls", "-q"), s => s.Trim().Length == 0, CancellationToken.None, seconds: 30)
                    .ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private static async Task<JsonObject> WaitForPodAsync(IApiClient client, string name, Func<JsonObject, bool> done, CancellationToken ct, int seconds = 60, int pollMs = 100)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var pod = await client.GetAsync(Pods, "default", name, ct);
        while (!done(pod) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(pollMs, ct);
            pod = await client.GetAsync(Pods, "default", name, ct);
        }

        return pod;
    }

    private static async Task WaitForOutputAsync(KubesharpServerProcess server, string text, CancellationToken ct, string? after = null)
    {
        bool Seen()
        {
            var output = server.Output;
            var from = after is null ? 0 : Math.Max(0, output.LastIndexOf(after, StringComparison.Ordinal));
            return output.IndexOf(text, from, StringComparison.Ordinal) >= 0;
        }

        for (var i = 0; i < 1200 && !Seen(); i++)
        {
            await Task.Delay(100, ct);
        }

        Assert.True(Seen(), $"'{text}' not printed:\n{server.Output}");
    }

    private static async Task<string> CtrAsync(string socket, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/ctr");
        foreach (var arg in new[] { "--address", socket, "--namespace", "k8s.io" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        var result = await ProcessRun.RunAsync(start, null, TimeSpan.FromSeconds(20));
        return result.Stdout;
    }

    private static string? Phase(JsonObject pod) => pod["status"]?["phase"]?.GetValue<string>();

    private static string? Condition(JsonObject pod, string type) =>
        (pod["status"]?["conditions"] as JsonArray)?.FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?["status"]?.GetValue<string>();

    private static JsonObject ContainerStatus(JsonObject pod) =>
        (pod["status"]?["containerStatuses"] as JsonArray)?.FirstOrDefault() as JsonObject ?? [];

    private static string? Waiting(JsonObject pod) => ContainerStatus(pod)["state"]?["waiting"]?["reason"]?.GetValue<string>();

    private static int RestartCount(JsonObject pod) => ContainerStatus(pod)["restartCount"]?.GetValue<int>() ?? 0;
}
