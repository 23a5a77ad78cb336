using Kubesharp.Testing.Sandbox;
using System.Diagnostics;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Images;
using Kubesharp.Kubelet.Runtime;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Tests.Runtime;

/// <summary>containerd started by the supervisor, our own images, a real pod over CRI, all inside a network sandbox.</summary>
[Trait("Category", "Runtime")]
public sealed class PodLifecycleTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunPod_InNetworkSandbox_ServesPageExecsAndLeavesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipWhen(Environment.UserName != "root" && !IsRoot(), "needs root (containerd, runc, network namespaces); run the tests as root");
        Assert.SkipUnless(File.Exists("/usr/bin/containerd") && File.Exists("/bin/busybox"), "containerd or busybox-static missing; run scripts/install-deps.sh");
        if (!NetworkSandbox.IsInside)
        {
            await NetworkSandbox.RunMethodInsideAsync(
                $"{typeof(PodLifecycleTests).FullName}.{nameof(RunPod_InNetworkSandbox_ServesPageExecsAndLeavesNothing)}", TimeSpan.FromMinutes(5), ct);
            return;
        }

        var data = Directory.CreateTempSubdirectory("kubesharp-kubelet-");
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole());
        var supervisor = Containerd.CreateSupervisor(new ContainerdOptions { DataDirectory = data.FullName, PodCidr = "10.42.7.0/24" }, loggers);
        try
        {
            await supervisor.StartAsync(Bounded(ct));
            var pid = supervisor.ProcessId ?? throw new InvalidOperationException("no pid");

            var archives = await LocalImages.BuildAsync(new LocalImageOptions { OutputDirectory = Path.Combine(data.FullName, "images") }, ct);
            var importer = ImageImport.ForContainerd(supervisor.SocketPath, Step);
            foreach (var archive in archives)
            {
                await importer.ImportAsync(archive.Path, ct);
            }

            using var cri = CriConnection.Open(supervisor.SocketPath);
            var images = await cri.Images.ListImagesAsync(Bounded(ct));
            Assert.Contains(images, i => i.RepoTags.Contains("docker.io/kubesharp/httpd:latest"));
            Assert.NotNull(await cri.Images.ImageStatusAsync("busybox", Bounded(ct)));

            var sandboxSpec = new PodSandboxSpec("web", "default", Guid.NewGuid().ToString())
            {
                LogDirectory = Path.Combine(data.FullName, "pods", "web"),
            };
            Directory.CreateDirectory(sandboxSpec.LogDirectory);
            var clock = Stopwatch.StartNew();
            var sandboxId = await cri.Runtime.RunPodSandboxAsync(sandboxSpec, Bounded(ct));
            var sandboxMs = clock.ElapsedMilliseconds;
            var containerId = await cri.Runtime.CreateContainerAsync(
                new NewContainer(sandboxId, new ContainerSpec("httpd", "docker.io/kubesharp/httpd:latest") { LogPath = "httpd.log" }, sandboxSpec),
                Bounded(ct));
            await cri.Runtime.StartContainerAsync(containerId, Bounded(ct));
            var totalMs = clock.ElapsedMilliseconds;
            // Plain stdout on purpose: the outer test relays the sandboxed process's output.
            Console.WriteLine($"timing: sandbox ready in {sandboxMs} ms; sandbox + container started in {totalMs} ms");

            var sandbox = await cri.Runtime.PodSandboxStatusAsync(sandboxId, Bounded(ct));
            Assert.Equal(PodSandboxState.Ready, sandbox.State);
            Assert.StartsWith("10.42.7.", sandbox.Ip, StringComparison.Ordinal);

            Assert.Equal(LocalImages.HttpdIndexPage, await GetPageAsync($"http://{sandbox.Ip}/", ct));

            var exec = await cri.Runtime.ExecSyncAsync(
                new ExecSyncCommand(containerId, ["sh", "-c", "echo hello from $(hostname); exit 3"]) { Timeout = TimeSpan.FromSeconds(10) }, Bounded(ct));
            Assert.Equal(3, exec.ExitCode);
            Assert.StartsWith("hello from", exec.StdoutText, StringComparison.Ordinal);

            var containers = await cri.Runtime.ListContainersAsync(new ContainerFilter { PodSandboxId = sandboxId }, Bounded(ct));
            Assert.Equal(ContainerState.Running, Assert.Single(containers).State);

            // containerd dies: the supervisor starts it again on the same socket, and the pod never stopped.
            using var supervising = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var supervision = supervisor.SuperviseAsync(supervising.Token);
            using (var first = Process.GetProcessById(pid))
            {
                first.Kill();
                await first.WaitForExitAsync(ct);
            }

            var restarted = DateTime.UtcNow.AddSeconds(60);
            IReadOnlyList<ContainerInfo>? after = null;
            while (after is null && DateTime.UtcNow < restarted)
            {
                await Task.Delay(100, ct);
                try
                {
                    after = (supervisor.ProcessId ?? pid) == pid ? null : await cri.Runtime.ListContainersAsync(new ContainerFilter { PodSandboxId = sandboxId }, Bounded(ct));
                }
                catch (CriException)
                {
                    // the new containerd is not answering yet
                }
            }

            Assert.NotNull(after);
            pid = supervisor.ProcessId ?? throw new InvalidOperationException("containerd was not restarted");
            Assert.Equal((containerId, ContainerState.Running), (Assert.Single(after).Id, after[0].State));
            Assert.Equal(LocalImages.HttpdIndexPage, await GetPageAsync($"http://{sandbox.Ip}/", ct));
            await supervising.CancelAsync();
            await supervision;

            // --container-runtime-endpoint: a supervisor of an existing socket talks to it and never stops it.
            await using (var existing = Containerd.CreateSupervisor(new ContainerdOptions { DataDirectory = Path.Combine(data.FullName, "other"), ExistingSocket = supervisor.SocketPath }, loggers))
            {
                await existing.StartAsync(Bounded(ct));
                Assert.Null(existing.ProcessId);
                Assert.Equal(supervisor.SocketPath, existing.SocketPath);
                await existing.StopAsync(Bounded(ct));
            }

            Assert.True(Directory.Exists($"/proc/{pid}"), "stopping the existing-socket supervisor stopped containerd");
            Assert.NotEmpty(await cri.Runtime.ListContainersAsync(new ContainerFilter { PodSandboxId = sandboxId }, Bounded(ct)));

            await cri.Runtime.StopPodSandboxAsync(sandboxId, Bounded(ct));
            await cri.Runtime.RemovePodSandboxAsync(sandboxId, Bounded(ct));
            Assert.Empty(await cri.Runtime.ListPodSandboxAsync(PodSandboxFilter.All, Bounded(ct)));

            await supervisor.StopAsync(Bounded(ct));
            Assert.Null(supervisor.ProcessId);
            Assert.False(Directory.Exists($"/proc/{pid}"), $"containerd pid {pid} still exists");
            Assert.Empty(ProcessesMentioning(data.FullName));
        }
        finally
        {
            await supervisor.DisposeAsync();
            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A mount left by a failed run must not hide the test's own failure.
            }
        }
    }

    private static CancellationToken Bounded(CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Step);
        return cts.Token;
    }

    private static async Task<string> GetPageAsync(string url, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                return await http.GetStringAsync(url, ct);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // httpd may not be listening the instant StartContainer returns.
                await Task.Delay(100, ct);
            }
        }
    }

    private static List<string> ProcessesMentioning(string text)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(text, StringComparison.Ordinal))
                {
                    found.Add($"{Path.GetFileName(dir)}: {cmdline}");
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    private static bool IsRoot() => File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:\t0\t", StringComparison.Ordinal));
}
