using System.Diagnostics;
using Kubesharp.Kubelet.Images;
using Kubesharp.Testing.Processes;
using Kubesharp.Testing.Sandbox;
using Kubesharp.Testing.Server;

namespace Kubesharp.Kubelet.Tests.Server;

/// <summary>
/// The real <c>kubesharp server</c> (pod workers, kubelet server, its own containerd) in a network
/// sandbox: kubectl logs (-f, --tail, --previous), exec with its exit code, cp and port-forward on
/// pods the kubelet runs itself.
/// </summary>
[Trait("Category", "Runtime")]
public sealed class KubesharpServerStreamingTests
{
    [Fact]
    public async Task Server_PodsRunByKubelet_LogsExecCpPortForwardWork()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "needs root (containerd, runc, network namespaces); run the tests as root");
        Assert.SkipUnless(File.Exists("/usr/bin/containerd") && File.Exists("/bin/busybox") && File.Exists("/usr/bin/kubectl"), "containerd, busybox-static or kubectl missing; run scripts/install-deps.sh");
        if (!NetworkSandbox.IsInside)
        {
            await NetworkSandbox.RunMethodInsideAsync(
                $"{typeof(KubesharpServerStreamingTests).FullName}.{nameof(Server_PodsRunByKubelet_LogsExecCpPortForwardWork)}", TimeSpan.FromMinutes(6), ct);
            return;
        }

        await using var server = new KubesharpServerProcess("kubesharp-streaming-e2e-");
        await server.StartAsync("--disable", "proxy,dns");
        for (var i = 0; i < 1200 && !server.Output.Contains("kubelet ready", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100, ct);
        }

        Task<ProcessResult> Kubectl(string? stdin, params string[] args) => ProcessRun.RunAsync(Start(server.KubeconfigPath, args), stdin, TimeSpan.FromSeconds(60));
        try
        {
            await Kubectl(null, "run", "web", "--image=docker.io/kubesharp/httpd:latest", "--command", "--", "sh", "-c", "echo hello from web; exec httpd -f -p 80 -h /www");
            await Kubectl(null, "run", "crash", "--image=busybox", "--", "sh", "-c", "echo run; exit 1");
            await Kubectl(null, "run", "ticker", "--image=busybox", "--restart=Never", "--", "sh", "-c", "sleep 1; for i in 1 2 3 4 5 6 7 8; do echo tick $i; sleep 0.3; done");
            var ready = await Kubectl(null, "wait", "--for=condition=Ready", "pod/web", "pod/ticker", "--timeout=120s");
            Assert.True(ready.ExitCode == 0, ready.Stderr + server.Output);

            var followed = await Kubectl(null, "logs", "-f", "ticker");
            Assert.Equal(string.Concat(Enumerable.Range(1, 8).Select(i => $"tick {i}\n")), followed.Stdout);
            Assert.Equal("hello from web\n", (await Kubectl(null, "logs", "web")).Stdout);
            Assert.Equal("tick 8\n", (await Kubectl(null, "logs", "ticker", "--tail=1")).Stdout);
            var missing = await Kubectl(null, "logs", "nosuch");
            Assert.Contains("pods \"nosuch\" not found", missing.Stderr, StringComparison.Ordinal);

            var exec = await Kubectl(null, "exec", "web", "--", "sh", "-c", "echo in $(hostname); exit 7");
            Assert.Equal((7, "in web\n"), (exec.ExitCode, exec.Stdout));

            var local = Path.Combine(server.DataDirectory, "cp-source.txt");
            await File.WriteAllTextAsync(local, "through tar\n", ct);
            Assert.Equal(0, (await Kubectl(null, "cp", local, "web:/tmp/cp.txt")).ExitCode);
            var back = Path.Combine(server.DataDirectory, "cp-back.txt");
            var download = await Kubectl(null, "cp", "web:/tmp/cp.txt", back);
            Assert.True(download.ExitCode == 0, download.Stderr);
            Assert.Equal("through tar\n", await File.ReadAllTextAsync(back, ct));

            Assert.Equal(LocalImages.HttpdIndexPage, await PortForwardGetAsync(server.KubeconfigPath, 18090, ct));

            ProcessResult previous = new(1, "", "");
            for (var i = 0; i < 120 && previous.Stdout != "run\n"; i++)
            {
                // The first restart needs the crash, a back-off and a new container.
                await Task.Delay(250, ct);
                previous = await Kubectl(null, "logs", "crash", "--previous");
            }

            Assert.True(previous.Stdout == "run\n", previous.Stderr);
        }
        finally
        {
            // Pod shims are not children of the server: a graceful delete waits until the kubelet has removed them.
            await Kubectl(null, "delete", "pod", "--all", "--grace-period=1", "--wait=true", "--timeout=90s");
        }
    }

    private static ProcessStartInfo Start(string kubeconfig, params string[] args) => KubectlStart.Create(kubeconfig, args);

    private static async Task<string> PortForwardGetAsync(string kubeconfig, int localPort, CancellationToken ct)
    {
        using var forward = Process.Start(Start(kubeconfig, "port-forward", "pod/web", $"{localPort}:80")) ?? throw new InvalidOperationException("kubectl did not start");
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bounded.CancelAfter(TimeSpan.FromSeconds(30));
            var line = await forward.StandardOutput.ReadLineAsync(bounded.Token);
            Assert.True(line?.StartsWith("Forwarding from", StringComparison.Ordinal), $"port-forward said: {line}");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            return await http.GetStringAsync($"http://127.0.0.1:{localPort}/", ct);
        }
        finally
        {
            forward.Kill();
            await forward.WaitForExitAsync(CancellationToken.None);
        }
    }
}
