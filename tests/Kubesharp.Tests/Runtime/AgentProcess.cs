using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kubesharp.Testing.Processes;
using Kubesharp.Testing.Server;

namespace Kubesharp.Tests.Runtime;

/// <summary>
/// <c>kubesharp agent</c> in a network namespace of its own, linked to the caller's namespace by a
/// veth pair the caller created. The namespace is held by a small process (<c>unshare --net</c>
/// then sleep) that moves the peer end in, addresses it and brings it up; the agent enters it with
/// nsenter, so it can be stopped and started again (restart safety) on the same link and data dir.
/// Agent and holder are stopped by their own pids (SIGTERM, so the agent stops its containerd).
/// </summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private static readonly TimeSpan HolderLifetime = TimeSpan.FromMinutes(15);
    private readonly Process _holder;
    private readonly IReadOnlyList<string> _arguments;
    private readonly StringBuilder _output = new();
    private Process? _agent;

    private AgentProcess(Process holder, string dataDirectory, IReadOnlyList<string> arguments)
    {
        _holder = holder;
        DataDirectory = dataDirectory;
        _arguments = arguments;
    }

    public string DataDirectory { get; }

    /// <summary>What the agent printed so far, across restarts.</summary>
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
        string[] holderArguments =
        [
            "--net", "--", "/bin/sh", "-c",
            $"ip link set lo up; for i in $(seq 1 200); do ip link show {peer} >/dev/null 2>&1 && break; sleep 0.05; done; ip addr add {address} dev {peer} && ip link set {peer} up && echo linked && exec sleep {(int)HolderLifetime.TotalSeconds}",
        ];
        foreach (var argument in holderArguments)
        {
            start.ArgumentList.Add(argument);
        }

        var holder = Process.Start(start) ?? throw new InvalidOperationException("could not start the namespace holder");
        var agent = new AgentProcess(holder, dataDirectory, agentArguments);
        holder.OutputDataReceived += (_, e) => agent.Append(e.Data);
        holder.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        holder.BeginOutputReadLine();
        holder.BeginErrorReadLine();

        // unshare execs the shell without forking, but it enters the new namespace only after it
        // starts: moving the link before that would leave it in ours. Wait (bounded) until it has.
        var ours = new FileInfo("/proc/self/ns/net").LinkTarget;
        for (var i = 0; i < 200 && new FileInfo($"/proc/{holder.Id}/ns/net").LinkTarget == ours && !holder.HasExited; i++)
        {
            await Task.Delay(25);
        }

        var moved = await ProcessRun.RunAsync(Ip($"link set {peer} netns {holder.Id.ToString(CultureInfo.InvariantCulture)}"), null, TimeSpan.FromSeconds(10));
        if (moved.ExitCode != 0 || !await agent.WaitForOutputAsync("linked", 1, TimeSpan.FromSeconds(15), CancellationToken.None))
        {
            await agent.DisposeAsync();
            throw new InvalidOperationException($"could not move {peer} into the agent's namespace: {moved.Stderr}{agent.Output}");
        }

        agent.StartAgent();
        return agent;
    }

    /// <summary>Waits (bounded) until the output holds <paramref name="text"/> <paramref name="times"/> times; false when time ran out or the agent exited.</summary>
    public async Task<bool> WaitForOutputAsync(string text, int times, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && _agent?.HasExited != true)
        {
            if (Count(text) >= times)
            {
                return true;
            }

            await Task.Delay(100, cancellationToken);
        }

        return Count(text) >= times;
    }

    public Task<bool> WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellationToken) => WaitForOutputAsync(text, 1, timeout, cancellationToken);

    /// <summary>SIGTERM, as a service manager stops it; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        var agent = _agent ?? throw new InvalidOperationException("the agent is not running");
        _agent = null;
        try
        {
            if (!agent.HasExited)
            {
                await ProcessRun.RunAsync(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", agent.Id.ToString(CultureInfo.InvariantCulture) } }, null, TimeSpan.FromSeconds(10));
                using var bounded = new CancellationTokenSource(timeout);
                try
                {
                    await agent.WaitForExitAsync(bounded.Token);
                }
                catch (OperationCanceledException)
                {
                    agent.Kill(entireProcessTree: true);
                    await agent.WaitForExitAsync(CancellationToken.None);
                }
            }

            return agent.ExitCode;
        }
        finally
        {
            agent.Dispose();
        }
    }

    /// <summary>Starts the agent again with the same arguments, data dir and namespace.</summary>
    public void Restart()
    {
        if (_agent is not null)
        {
            throw new InvalidOperationException("stop the agent first");
        }

        StartAgent();
    }

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null)
        {
            await StopAsync(TimeSpan.FromSeconds(30));
        }

        if (!_holder.HasExited)
        {
            _holder.Kill();
            await _holder.WaitForExitAsync(CancellationToken.None);
        }

        _holder.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private void StartAgent()
    {
        var start = new ProcessStartInfo("nsenter") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] prefix = [$"--net=/proc/{_holder.Id.ToString(CultureInfo.InvariantCulture)}/ns/net", "--", "dotnet", KubesharpServerProcess.ServerDll(), "agent", "--data-dir", DataDirectory];
        foreach (var argument in prefix.Concat(_arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the agent");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _agent = process;
    }

    private int Count(string text)
    {
        var output = Output;
        var count = 0;
        for (var at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static ProcessStartInfo Ip(string arguments) => ProcessRun.StartInfo("ip", arguments.Split(' '));

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
