using System.Diagnostics;
using System.Net;
using Kubesharp.Kubelet.Cri;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Runtime;

internal sealed class ContainerdSupervisor(ContainerdOptions options, ILogger<ContainerdSupervisor> logger) : IContainerdSupervisor
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    // Restarts after an unexpected exit (what systemd's Restart=always gives upstream's containerd):
    // 1 s, doubling to 30 s, back to 1 s once a run lasted a minute.
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableRun = TimeSpan.FromMinutes(1);

    private readonly ContainerdLayout layout = new(options.DataDirectory);
    private Process? process;
    private volatile bool stopping;

    public string SocketPath => options.ExistingSocket ?? layout.Socket;

    public int? ProcessId => process?.Id;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        options.Validate();
        if (process is not null)
        {
            throw new InvalidOperationException("containerd is already started");
        }

        if (options.ExistingSocket is { } existing)
        {
            ContainerdLog.UsingExisting(logger, existing);
            await WaitForCriAsync(exited: null, cancellationToken).ConfigureAwait(false);
            return;
        }

        await WriteConfigurationAsync(cancellationToken).ConfigureAwait(false);
        stopping = false;
        await LaunchAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        var delay = RestartDelay;
        try
        {
            if (process is null)
            {
                // An existing socket's runtime is supervised by whoever started it.
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }

            while (!stopping)
            {
                if (process is { } running)
                {
                    var since = Stopwatch.StartNew();
                    await running.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                    if (stopping)
                    {
                        return;
                    }

                    if (since.Elapsed > StableRun)
                    {
                        delay = RestartDelay;
                    }

                    ContainerdLog.Exited(logger, running.Id, running.ExitCode, delay);
                    process = null;
                    running.Dispose();
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRestartDelay.Ticks));
                try
                {
                    await LaunchAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    // LaunchAsync stopped what it started; the loop tries again after the next delay.
                    ContainerdLog.RestartFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping: StopAsync ends the process
        }
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        // A socket left by a killed containerd would make the readiness probe talk to nothing.
        File.Delete(layout.Socket);
        File.Delete(layout.TtrpcSocket);

        // exec through sh so the pid we hold is containerd's own and its output goes straight to the
        // log file: no pipe that fills up when nobody reads it.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in new[] { "-c", "exec \"$0\" --config \"$1\" >>\"$2\" 2>&1", options.ContainerdPath, layout.ConfigFile, layout.LogFile })
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {options.ContainerdPath}");
        ContainerdLog.Started(logger, process.Id, layout.ConfigFile, layout.LogFile);
        try
        {
            await WaitForCriAsync(process, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A containerd that failed to come up is stopped here; one whose wait was merely cancelled
            // (the node is stopping) keeps running until StopAsync, which owns stopping it.
            await StopProcessAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        return StopProcessAsync(cancellationToken);
    }

    private async Task StopProcessAsync(CancellationToken cancellationToken)
    {
        if (process is not { } running)
        {
            return;
        }

        var pid = running.Id;
        if (!running.HasExited)
        {
            Signals.Send(pid, Signals.SigTerm);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.StopTimeout);
            try
            {
                await running.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                ContainerdLog.Killing(logger, pid, options.StopTimeout);
                running.Kill();
                await running.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        ContainerdLog.Stopped(logger, pid, running.ExitCode);
        process = null;
        running.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task WriteConfigurationAsync(CancellationToken cancellationToken)
    {
        foreach (var directory in new[] { layout.Home, layout.Root, layout.State, layout.OptDirectory, layout.CniConfDirectory, layout.CniIpamDirectory })
        {
            Directory.CreateDirectory(directory);
        }

        var restrict = options.OomScoreAdj switch
        {
            OomScoreAdjPolicy.Restrict => true,
            OomScoreAdjPolicy.Upstream => false,
            _ => !await LinuxCapabilities.HasEffectiveAsync(LinuxCapabilities.SysResource, cancellationToken).ConfigureAwait(false),
        };
        if (restrict)
        {
            ContainerdLog.RestrictingOomScoreAdj(logger);
        }

        var cniBin = CniPlugins.Find(options.CniBinDirectory);
        var config = ContainerdConfig.Render(new ContainerdConfigValues(layout, options.SandboxImage, cniBin, restrict));
        await File.WriteAllTextAsync(layout.ConfigFile, config, cancellationToken).ConfigureAwait(false);

        if (options.PodCidr is { } podCidr)
        {
            await WriteNetworkAsync(podCidr, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A list from an earlier run may name another range; the node's current one comes later.
            File.Delete(ConflistPath);
        }
    }

    public async Task ConfigureNetworkAsync(string podCidr, CancellationToken cancellationToken)
    {
        if (options.ExistingSocket is not null)
        {
            return;
        }

        if (!IPNetwork.TryParse(podCidr, out _))
        {
            throw new ArgumentException($"containerd: pod CIDR '{podCidr}' is not an address range like 10.42.0.0/24");
        }

        await WriteNetworkAsync(podCidr, cancellationToken).ConfigureAwait(false);
    }

    private string ConflistPath => Path.Combine(layout.CniConfDirectory, "10-kubesharp.conflist");

    private async Task WriteNetworkAsync(string podCidr, CancellationToken cancellationToken)
    {
        // Written whole then renamed: containerd watches the directory and must never load half a list.
        var bridgeMasquerade = options.MasqueradeOutgoing;
        if (bridgeMasquerade && options.ClusterCidr is { } clusterCidr)
        {
            var problem = await PodMasquerade.InstallAsync(options.NftPath, clusterCidr, cancellationToken).ConfigureAwait(false);
            bridgeMasquerade = problem is not null;
            if (problem is not null)
            {
                ContainerdLog.BridgeMasquerade(logger, problem);
            }
        }

        var network = new CniNetwork("kubesharp", options.BridgeName, podCidr, layout.CniIpamDirectory, bridgeMasquerade);
        var temp = Path.Combine(layout.CniConfDirectory, ".10-kubesharp.conflist.tmp");
        await File.WriteAllTextAsync(temp, CniConflist.Render(network), cancellationToken).ConfigureAwait(false);
        File.Move(temp, ConflistPath, overwrite: true);
    }

    private async Task WaitForCriAsync(Process? exited, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var connection = CriConnection.Open(SocketPath);
        CriException? last = null;
        while (clock.Elapsed < options.StartTimeout)
        {
            if (exited is { HasExited: true })
            {
                throw new InvalidOperationException(
                    $"containerd exited with code {exited.ExitCode} during start; its log:{Environment.NewLine}{await TailLogAsync(cancellationToken).ConfigureAwait(false)}");
            }

            if (File.Exists(SocketPath))
            {
                using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                probe.CancelAfter(ProbeTimeout);
                try
                {
                    var version = await connection.Runtime.VersionAsync(probe.Token).ConfigureAwait(false);
                    ContainerdLog.Ready(logger, version.RuntimeVersionText, version.RuntimeApiVersion, clock.ElapsedMilliseconds);
                    return;
                }
                catch (CriException e)
                {
                    // The socket exists before the CRI plugin registers its services.
                    last = e;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }

            await Task.Delay(ProbeInterval, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException(
            $"containerd did not answer CRI Version on {SocketPath} within {options.StartTimeout.TotalSeconds:0} s" +
            (last is null ? "" : $" (last error: {last.Message})") +
            (exited is null ? "" : $"; its log:{Environment.NewLine}{await TailLogAsync(cancellationToken).ConfigureAwait(false)}"));
    }

    private async Task<string> TailLogAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(layout.LogFile))
        {
            return "(no log)";
        }

        var lines = await File.ReadAllLinesAsync(layout.LogFile, cancellationToken).ConfigureAwait(false);
        return string.Join(Environment.NewLine, lines.TakeLast(20));
    }
}
