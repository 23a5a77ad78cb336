using System.Diagnostics;
using System.Globalization;
using Kubesharp.Testing.Server;

namespace Kubesharp.EndToEnd;

/// <summary>`kubesharp simulate` as a child process: hollow nodes that run the pods bound to them; stopped by its pid.</summary>
internal sealed class HollowNodes : IAsyncDisposable
{
    private readonly Process _process;

    private HollowNodes(Process process) => _process = process;

    public static HollowNodes Start(KubesharpServer server, int nodes, string namePrefix)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { KubesharpServerProcess.ServerDll(), "simulate", "--nodes", nodes.ToString(CultureInfo.InvariantCulture), "--name-prefix", namePrefix, "--kubeconfig", server.KubeconfigPath })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start kubesharp simulate");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new HollowNodes(process);
    }

    public async ValueTask DisposeAsync()
    {
        // SIGTERM by its own pid: the simulation stops its loops and exits.
        await Kubesharp.Testing.Processes.ProcessRun.RunAsync(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]), null, TimeSpan.FromSeconds(10));
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(wait.Token);
        _process.Dispose();
    }
}
