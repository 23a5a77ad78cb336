using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kubesharp.Testing.Processes;
using Kubesharp.Testing.Server;

namespace Kubesharp.Tests.Runtime;

/// <summary>
/// <c>kubesharp agent</c> in a network namespace of its own (made by <c>unshare --net</c>, so it
/// exists only while the agent does), linked to the caller's namespace by a veth pair the caller
/// created: the peer end is moved into the agent's namespace, addressed and brought up there
/// before the agent starts. Stopped by its own pid (SIGTERM, so it stops its containerd).
/// </summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AgentProcess(Process process, string dataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="peer">The veth end (in the caller's namespace) that becomes the agent's interface.</param>
    /// <param name="address">Its address with prefix, e.g. 10.99.0.2/24.</param>
    public static async Task<AgentProcess> StartAsync(string peer, string address, IReadOnlyList<string> agentArguments)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "kubesharp-agent-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var start = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] prefix =
        [
            "--net", "--", "/bin/sh", "-c",
            $"ip link set lo up; for i in $(seq 1 200); do ip link show {peer} >/dev/null 2>&1 && break; sleep 0.05; done; ip addr add {address} dev {peer} && ip link set {peer} up && exec \"$@\"",
            "agent-netns", "dotnet", KubesharpServerProcess.ServerDll(), "agent", "--data-dir", dataDirectory,
        ];
        foreach (var argument in prefix.Concat(agentArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the agent");
        var agent = new AgentProcess(process, dataDirectory);
        process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // unshare execs the shell without forking, but it enters the new namespace only after it
        // starts: moving the link before that would leave it in ours. Wait (bounded) until it has.
        var ours = new FileInfo("/proc/self/ns/net").LinkTarget;
        for (var i = 0; i < 200 && new FileInfo($"/proc/{process.Id}/ns/net").LinkTarget == ours && !process.HasExited; i++)
        {
            await Task.Delay(25);
        }

        var moved = await ProcessRun.RunAsync(Ip($"link set {peer} netns {process.Id.ToString(CultureInfo.InvariantCulture)}"), null, TimeSpan.FromSeconds(10));
        if (moved.ExitCode != 0)
        {
            await agent.DisposeAsync();
            throw new InvalidOperationException($"could not move {peer} into the agent's namespace: {moved.Stderr}");
        }

        return agent;
    }

    /// <summary>Waits (bounded) until the agent printed <paramref name="text"/>; false when it exited or time ran out.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(100, cancellationToken);
        }

        return Output.Contains(text, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await ProcessRun.RunAsync(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) } }, null, TimeSpan.FromSeconds(10));
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(bounded.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static ProcessStartInfo Ip(string arguments)
    {
        var start = new ProcessStartInfo("ip");
        foreach (var a in arguments.Split(' '))
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
