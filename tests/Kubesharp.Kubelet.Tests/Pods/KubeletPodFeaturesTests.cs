using System.Diagnostics;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Transport;
using Kubesharp.Kubelet.Images;
using Kubesharp.Testing.Polling;
using Kubesharp.Testing.Processes;
using Kubesharp.Testing.Sandbox;
using Kubesharp.Testing.Server;

namespace Kubesharp.Kubelet.Tests.Pods;

/// <summary>
/// The real <c>kubesharp server</c> in a network sandbox running one pod per kubelet feature at once
/// (<see cref="FeaturePods"/>), checked with the real kubectl from outside and from inside the
/// containers: init containers, every env source, volumes, cgroup limits, the probe kinds (grpc
/// against a pod serving it), hooks, graceful termination, hostNetwork, phases, back-off growth,
/// offline images (images folder, <c>kubesharp images import</c>, Always without a registry, the
/// strict flag), logs --since and -c, node /metrics and <c>kubectl top nodes</c>.
/// </summary>
[Trait("Category", "Runtime")]
public sealed class KubeletPodFeaturesTests
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");

    [Fact]
    public async Task Server_InSandbox_EveryPodFeatureWorksAsUpstream()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "needs root (containerd, runc, network namespaces); run the tests as root");
        Assert.SkipUnless(File.Exists("/usr/bin/containerd") && File.Exists("/bin/busybox") && File.Exists("/usr/bin/kubectl"), "containerd, busybox-static or kubectl missing; run scripts/install-deps.sh");
        if (!NetworkSandbox.IsInside)
        {
            await NetworkSandbox.RunMethodInsideAsync(
                $"{typeof(KubeletPodFeaturesTests).FullName}.{nameof(Server_InSandbox_EveryPodFeatureWorksAsUpstream)}", TimeSpan.FromMinutes(10), ct);
            return;
        }

        // A short prefix: containerd's ttrpc socket path under the data dir must stay under 104 bytes.
        await using var server = new KubesharpServerProcess("ks-features-");
        var host = Path.Combine(server.DataDirectory, "host-share");
        await PutImageInFolderAsync(server.DataDirectory, ct);
        await server.StartAsync("--disable", "proxy,dns");
        await Poll.UntilAsync(() => Task.FromResult(server.Output), o => o.Contains("kubelet ready", StringComparison.Ordinal), ct, seconds: 120);
        var kubectl = new KubectlRunner(server.KubeconfigPath);
        await using var transport = ApiTransports.FromKubeconfig(server.KubeconfigPath);
        var client = ApiClients.Create(transport);
        var socket = Path.Combine(server.DataDirectory, "kubelet", "containerd", "containerd.sock");
        var checks = new FeatureChecks(kubectl, client, ct);
        var passed = false;
        try
        {
            var manifest = Path.Combine(server.DataDirectory, "features.yaml");
            await File.WriteAllTextAsync(manifest, FeaturePods.Manifest(host), ct);
            await kubectl.RunAsync("apply", "-f", manifest);
            await kubectl.RunAsync("run", "offline", "--image=busybox", "--", "sleep", "3600");
            var backOff = checks.WatchBackOffAsync("crasher");

            await ImportWithCliAsync(server, ct);
            var cliPod = Path.Combine(server.DataDirectory, "cli.yaml");
            await File.WriteAllTextAsync(cliPod, FeaturePods.CliPod, ct);
            await kubectl.RunAsync("apply", "-f", cliPod);

            var node = await kubectl.RunAsync("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}");
            await checks.NodeAsync(node);
            await checks.FeaturesPodAsync(node, host);
            await checks.ProbesAsync();
            await checks.PhasesAsync();
            await checks.HostNetworkAsync();
            await checks.ImagesAsync();
            await checks.LogsAsync();
            await checks.WaitPodAsync("talker", p => p["status"]?["phase"]?.GetValue<string>() == "Running");
            await checks.TerminalAndAttachAsync(server.KubeconfigPath);
            await checks.NodeMetricsAsync(node);
            await checks.GracefulTerminationAsync(host);

            var (messages, gaps) = await backOff;
            Assert.True(messages.GetValueOrDefault(1)?.Contains("back-off 10s restarting failed container=app pod=crasher_default(", StringComparison.Ordinal), string.Join(" | ", messages));
            Assert.True(messages.GetValueOrDefault(2)?.Contains("back-off 20s", StringComparison.Ordinal), string.Join(" | ", messages));
            // Upstream restarts the first crash at once, then waits 10 s, 20 s, ... (seconds between an attempt's end and the next start).
            Assert.True(gaps.ContainsKey(3) && gaps[2] >= 8 && gaps[3] >= gaps[2] + 6, $"restart gaps (s) by attempt: {string.Join(", ", gaps.Select(g => $"{g.Key}:{g.Value}"))}");

            // Strict upstream pulls after a restart: Always with no registry fails although the image is here.
            var web = await client.GetAsync(Pods, "default", "web", ct);
            await server.RestartAsync("--disable", "proxy,dns", "--strict-image-pull");
            await Poll.UntilAsync(() => Task.FromResult(server.Output), o => o.LastIndexOf("kubelet ready", StringComparison.Ordinal) > o.LastIndexOf("--- restarted", StringComparison.Ordinal), ct, seconds: 120);
            await kubectl.RunAsync("run", "strict", "--image=busybox", "--", "sleep", "3600");
            var strict = await checks.WaitPodAsync("strict", p => FeatureChecks.Waiting(p, "strict") is "ErrImagePull" or "ImagePullBackOff");
            Assert.True(FeatureChecks.Waiting(strict, "strict") is "ErrImagePull" or "ImagePullBackOff", strict.ToJsonString());
            var adopted = await client.GetAsync(Pods, "default", "web", ct);
            Assert.Equal(FeatureChecks.Container(web, "web")["containerID"]!.GetValue<string>(), FeatureChecks.Container(adopted, "web")["containerID"]!.GetValue<string>());

            await kubectl.RunAsync(["delete", "pod", "--all", "--grace-period=1", "--wait=true"], TimeSpan.FromSeconds(120));
            var left = await Poll.UntilAsync(() => CtrAsync(socket, "containers", "ls", "-q"), s => s.Trim().Length == 0, ct, seconds: 30);
            Assert.Equal("", left.Trim());
            passed = true;
        }
        finally
        {
            if (!passed)
            {
                Console.WriteLine(server.Output[^Math.Min(server.Output.Length, 30000)..]);
                await ProcessRun.RunAsync(Kubectl(server.KubeconfigPath, "delete", "pod", "--all", "--grace-period=0", "--force"), null, TimeSpan.FromSeconds(30));
                await Poll.UntilAsync(() => CtrAsync(socket, "containers", "ls", "-q"), s => s.Trim().Length == 0, CancellationToken.None, seconds: 30);
            }
        }
    }

    /// <summary>An archive of our busybox under another name in &lt;data-dir&gt;/images, imported by the kubelet at start (k3s's air-gap folder).</summary>
    private static async Task PutImageInFolderAsync(string dataDirectory, CancellationToken ct)
    {
        var build = Path.Combine(dataDirectory, "build-folder");
        var archives = await LocalImages.BuildAsync(new LocalImageOptions { OutputDirectory = build, BusyboxImage = FeaturePods.FolderImage }, ct);
        Directory.CreateDirectory(Path.Combine(dataDirectory, "images"));
        File.Copy(archives.Single(a => a.Name == FeaturePods.FolderImage).Path, Path.Combine(dataDirectory, "images", "folder.tar"));
    }

    private static async Task ImportWithCliAsync(KubesharpServerProcess server, CancellationToken ct)
    {
        var archives = await LocalImages.BuildAsync(new LocalImageOptions { OutputDirectory = Path.Combine(server.DataDirectory, "build-cli"), BusyboxImage = FeaturePods.CliImage }, ct);
        var start = new ProcessStartInfo("dotnet");
        foreach (var arg in new[] { KubesharpServerProcess.ServerDll(), "images", "import", "--data-dir", server.DataDirectory, archives.Single(a => a.Name == FeaturePods.CliImage).Path })
        {
            start.ArgumentList.Add(arg);
        }

        var result = await ProcessRun.RunAsync(start, null, TimeSpan.FromSeconds(120));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains(FeaturePods.CliImage, result.Stdout, StringComparison.Ordinal);
        var missing = new ProcessStartInfo("dotnet");
        foreach (var arg in new[] { KubesharpServerProcess.ServerDll(), "images", "import", "--data-dir", server.DataDirectory, "/no/such/archive.tar" })
        {
            missing.ArgumentList.Add(arg);
        }

        var bad = await ProcessRun.RunAsync(missing, null, TimeSpan.FromSeconds(60));
        Assert.Equal(1, bad.ExitCode);
        Assert.Single(bad.Stderr.Trim().Split('\n'));
    }

    private static ProcessStartInfo Kubectl(string kubeconfig, params string[] args) => KubectlStart.Create(kubeconfig, args);

    private static async Task<string> CtrAsync(string socket, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/ctr");
        foreach (var arg in new[] { "--address", socket, "--namespace", "k8s.io" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        return (await ProcessRun.RunAsync(start, null, TimeSpan.FromSeconds(20))).Stdout;
    }
}
