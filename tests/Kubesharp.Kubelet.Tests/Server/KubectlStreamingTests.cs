using System.Diagnostics;
using Kubesharp.Kubelet.Images;
using Kubesharp.Testing.Sandbox;

namespace Kubesharp.Kubelet.Tests.Server;

/// <summary>
/// The real kubectl against a pod started over CRI: logs, exec, cp and port-forward cross the API
/// server, the kubelet server and containerd's streaming server, all inside a network sandbox.
/// </summary>
[Trait("Category", "Runtime")]
public sealed class KubectlStreamingTests
{
    private const string Web = "web";
    private const string Ticker = "ticker";
    private const string WebScript = "echo line 1; echo line 2; echo line 3; exec httpd -f -p 80 -h /www";
    private const string Talker = "talker";
    private const string TalkerScript = "i=0; while [ $i -lt 600 ]; do echo hello $i; i=$((i+1)); sleep 0.2; done";
    private const string TickerScript = "i=0; while [ $i -lt 8 ]; do echo tick $i; i=$((i+1)); sleep 0.25; done";

    [Fact]
    public async Task Kubectl_PodStartedOverCri_LogsExecCpAndPortForwardWork()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:\t0\t", StringComparison.Ordinal)), "needs root (containerd, runc, network namespaces)");
        Assert.SkipUnless(File.Exists("/usr/bin/containerd") && File.Exists("/bin/busybox") && File.Exists("/usr/bin/kubectl"), "containerd, busybox-static or kubectl missing; run scripts/install-deps.sh");
        if (!NetworkSandbox.IsInside)
        {
            await NetworkSandbox.RunMethodInsideAsync(
                $"{typeof(KubectlStreamingTests).FullName}.{nameof(Kubectl_PodStartedOverCri_LogsExecCpAndPortForwardWork)}", TimeSpan.FromMinutes(6), ct);
            return;
        }

        await using var cluster = await StreamingCluster.StartAsync(
            [(Web, "docker.io/kubesharp/httpd:latest", WebScript), (Ticker, "docker.io/library/busybox:latest", TickerScript),
             (Talker, "docker.io/library/busybox:latest", TalkerScript)], ct);

        // Logs: the default container (annotation), the tail, follow until the container exits, a wrong name.
        var logs = await Poll(() => cluster.KubectlAsync(null, "logs", StreamingCluster.Pod), r => r.Stdout.Length >= 21, ct);
        Assert.Equal("line 1\nline 2\nline 3\n", logs.Stdout);
        Assert.Equal("line 3\n", (await cluster.KubectlAsync(null, "logs", StreamingCluster.Pod, "-c", Web, "--tail=1")).Stdout);
        var followClock = Stopwatch.StartNew();
        var followed = await cluster.KubectlAsync(null, "logs", StreamingCluster.Pod, "-c", Ticker, "-f");
        Assert.Equal(0, followed.ExitCode);
        Assert.Equal(string.Concat(Enumerable.Range(0, 8).Select(i => $"tick {i}\n")), followed.Stdout);
        Console.WriteLine($"timing: logs -f ended {followClock.ElapsedMilliseconds} ms after it started");
        await cluster.RestartAsync(Ticker, "docker.io/library/busybox:latest", "echo second run; sleep 60", ct);
        var previous = await cluster.KubectlAsync(null, "logs", StreamingCluster.Pod, "-c", Ticker, "--previous");
        Assert.Equal(followed.Stdout, previous.Stdout);
        var current = await Poll(() => cluster.KubectlAsync(null, "logs", StreamingCluster.Pod, "-c", Ticker), r => r.Stdout.Length > 0, ct);
        Assert.Equal("second run\n", current.Stdout);
        var noPrevious = await cluster.KubectlAsync(null, "logs", StreamingCluster.Pod, "-c", Web, "--previous");
        Assert.Contains("previous terminated container \"web\" in pod \"web\" not found", noPrevious.Stderr, StringComparison.Ordinal);
        var stamped = await cluster.KubectlAsync(null, "logs", StreamingCluster.Pod, "-c", Web, "--timestamps", "--limit-bytes=40");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z line 1\n", stamped.Stdout);
        Assert.Equal(40, stamped.Stdout.Length);
        var wrong = await cluster.KubectlAsync(null, "logs", StreamingCluster.Pod, "-c", "nope");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("container nope is not valid for pod web", wrong.Stderr, StringComparison.Ordinal);

        // Exec: output, stderr and the exit code; stdin that ends (kubectl cp needs the same).
        var exec = await cluster.KubectlAsync(null, "exec", StreamingCluster.Pod, "-c", Web, "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.Equal(3, exec.ExitCode);
        Assert.Equal("out\n", exec.Stdout);
        Assert.Contains("err", exec.Stderr, StringComparison.Ordinal);
        Assert.Contains("command terminated with exit code 3", exec.Stderr, StringComparison.Ordinal);
        var piped = await cluster.KubectlAsync("piped input\n", "exec", "-i", StreamingCluster.Pod, "-c", Web, "--", "cat");
        Assert.Equal(0, piped.ExitCode);
        Assert.Equal("piped input\n", piped.Stdout);
        var old = await cluster.KubectlVersionAsync("1.27", null, "exec", StreamingCluster.Pod, "-c", Web, "--", "echo", "from 1.27");
        Assert.Equal("from 1.27\n", old.Stdout);

        foreach (var version in new[] { "1.29", "1.30", "1.33" })
        {
            var other = await cluster.KubectlVersionAsync(version, "from stdin\n", "exec", "-i", StreamingCluster.Pod, "-c", Web, "--", "sh", "-c", "cat; exit 4");
            Assert.Equal((4, "from stdin\n"), (other.ExitCode, other.Stdout));
        }

        // A terminal: kubectl needs one of its own to ask for it, which script(1) provides.
        var tty = await Testing.Processes.ProcessRun.RunAsync(
            ScriptStart(cluster, $"/usr/bin/kubectl exec -it {StreamingCluster.Pod} -c {Web} -- sh -c 'test -t 0 && echo has-tty'"), null, TimeSpan.FromSeconds(60));
        Assert.Contains("has-tty", tty.Stdout, StringComparison.Ordinal);

        // Attach: the running main process's output.
        Assert.StartsWith("hello ", await FirstLineAsync(cluster, "attach", StreamingCluster.Pod, "-c", Talker), StringComparison.Ordinal);

        // cp both ways (tar over exec).
        var local = Path.Combine(cluster.Directory, "notes.txt");
        await File.WriteAllTextAsync(local, "copied both ways\n", ct);
        var upload = await cluster.KubectlAsync(null, "cp", local, $"{StreamingCluster.Pod}:/tmp/notes.txt", "-c", Web);
        Assert.True(upload.ExitCode == 0, upload.Stderr);
        Assert.Equal("copied both ways\n", (await cluster.KubectlAsync(null, "exec", StreamingCluster.Pod, "-c", Web, "--", "cat", "/tmp/notes.txt")).Stdout);
        var back = Path.Combine(cluster.Directory, "back.txt");
        var download = await cluster.KubectlAsync(null, "cp", $"{StreamingCluster.Pod}:/tmp/notes.txt", back, "-c", Web);
        Assert.True(download.ExitCode == 0, download.Stderr);
        Assert.Equal("copied both ways\n", await File.ReadAllTextAsync(back, ct));

        // Port-forward: the httpd page through kubectl's local port.
        Assert.Equal(LocalImages.HttpdIndexPage, await PortForwardGetAsync(cluster, null, 18080, ct));
        Assert.Equal(LocalImages.HttpdIndexPage, await PortForwardGetAsync(cluster, "1.27", 18081, ct));
    }

    private static System.Diagnostics.ProcessStartInfo ScriptStart(StreamingCluster cluster, string command)
    {
        var start = cluster.KubectlStart(null);
        start.FileName = "/usr/bin/script";
        foreach (var arg in new[] { "-qec", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static async Task<string> FirstLineAsync(StreamingCluster cluster, params string[] args)
    {
        using var process = Process.Start(cluster.KubectlStart(null, args)) ?? throw new InvalidOperationException("kubectl did not start");
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            bounded.CancelAfter(TimeSpan.FromSeconds(30));
            string? line;
            do
            {
                line = await process.StandardOutput.ReadLineAsync(bounded.Token);
            }
            while (line is not null && !line.StartsWith("hello ", StringComparison.Ordinal) && !line.Contains("rror", StringComparison.Ordinal));

            return line ?? await process.StandardError.ReadToEndAsync(bounded.Token);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task<string> PortForwardGetAsync(StreamingCluster cluster, string? version, int localPort, CancellationToken ct)
    {
        using var forward = Process.Start(cluster.KubectlStart(version, "port-forward", $"pod/{StreamingCluster.Pod}", $"{localPort}:80"))
            ?? throw new InvalidOperationException("kubectl port-forward did not start");
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bounded.CancelAfter(TimeSpan.FromSeconds(30));
            var line = await forward.StandardOutput.ReadLineAsync(bounded.Token);
            Assert.True(line?.StartsWith("Forwarding from", StringComparison.Ordinal), $"port-forward said: {line} {(forward.HasExited ? await forward.StandardError.ReadToEndAsync(ct) : "")}");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            return await http.GetStringAsync($"http://127.0.0.1:{localPort}/", ct);
        }
        finally
        {
            forward.Kill();
            await forward.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task<Testing.Processes.ProcessResult> Poll(
        Func<Task<Testing.Processes.ProcessResult>> run, Func<Testing.Processes.ProcessResult, bool> done, CancellationToken ct)
    {
        // The container writes its first lines a moment after StartContainer returns.
        for (var attempt = 0; ; attempt++)
        {
            var result = await run();
            if (done(result) || attempt == 50)
            {
                return result;
            }

            await Task.Delay(100, ct);
        }
    }
}
