using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kubesharp.Testing.Processes;

namespace Kubesharp.Tests.Commands;

/// <summary>
/// What a user without root meets, run as <c>nobody</c> through setpriv (so the test itself runs as
/// root): the control plane still starts and says why the node runs no pods; an agent, whose only
/// job is the node, refuses in one line; a data directory it may not write is named.
/// </summary>
public sealed class NotRootTests
{
    [Fact]
    public async Task Agent_NotRoot_OneLineSayingTheKubeletNeedsRootExitOne()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "runs kubesharp as nobody through setpriv, which needs root");
        var dataDir = Path.Combine(Path.GetTempPath(), "kubesharp-nobody-" + Guid.NewGuid().ToString("N"));

        // The server is never contacted: the node checks it can run pods before it joins.
        var run = await Cli.RunAsUserAsync(Cli.Nobody, "agent", "--server", "https://127.0.0.1:1", "--token", "x", "--data-dir", dataDir, "--node-name", "n");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("kubesharp agent: the kubelet needs root (containerd, runc, network namespaces)", run.Stderr.Trim());
        Assert.False(File.Exists(Path.Combine(dataDir, "node.kubeconfig")));
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task Server_DataDirNotWritable_OneLineNamingItExitOne()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "runs kubesharp as nobody through setpriv, which needs root");
        var owned = Directory.CreateTempSubdirectory("kubesharp-rootonly-");
        owned.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        try
        {
            var run = await Cli.RunAsUserAsync(Cli.Nobody, "server", "--data-dir", owned.FullName, "--port", "1");

            Assert.Equal(1, run.ExitCode);
            var line = Assert.Single(run.Stderr.Trim().Split('\n'));
            Assert.StartsWith($"kubesharp: the data directory {owned.FullName} is not writable (", line, StringComparison.Ordinal);
            Assert.EndsWith("); choose another with --data-dir or fix its permissions", line, StringComparison.Ordinal);
            Assert.Empty(owned.GetFileSystemInfos());
        }
        finally
        {
            owned.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Server_NotRoot_ControlPlaneServesAndSaysWhyTheNodeAndProxyIdle()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "runs kubesharp as nobody through setpriv, which needs root");
        var dataDir = Directory.CreateTempSubdirectory("kubesharp-nobody-");
        dataDir.UnixFileMode = (UnixFileMode)0x1FF; // 0777: nobody writes its state here
        var start = Cli.StartAsUser(
            Cli.Nobody, "server", "--data-dir", dataDir.FullName, "--bind-address", "127.0.0.1", "--port", FreePort().ToString(CultureInfo.InvariantCulture), "--disable", "dns,scheduler,controllers");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var output = new StringBuilder();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start kubesharp");
        void Append(string? line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }

        string Output()
        {
            lock (output)
            {
                return output.ToString();
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            for (var i = 0; i < 600 && !process.HasExited && !Output().Contains("cluster ready", StringComparison.Ordinal); i++)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }

            var text = Output();
            Assert.Contains("API ready: https://127.0.0.1:", text, StringComparison.Ordinal);
            Assert.Contains("kubelet idle: the kubelet needs root (containerd, runc, network namespaces); this host runs no pods. Run as root after scripts/install-deps.sh, or --disable kubelet", text, StringComparison.Ordinal);
            Assert.Contains("service proxy idle: nft is not usable here (", text, StringComparison.Ordinal);
            Assert.Contains("cluster ready", text, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                await ProcessRun.RunAsync(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) } }, null, TimeSpan.FromSeconds(10));
                using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await process.WaitForExitAsync(bounded.Token);
            }

            dataDir.Delete(recursive: true);
        }

        Assert.Equal(0, process.ExitCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
