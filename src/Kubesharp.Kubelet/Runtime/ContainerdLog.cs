using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Runtime;

internal static partial class ContainerdLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "pod traffic to other nodes is masqueraded by the bridge (pods there see this node's address): the nftables rule could not be installed: {Problem}")]
    public static partial void BridgeMasquerade(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using existing container runtime at {Socket}")]
    public static partial void UsingExisting(ILogger logger, string socket);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started containerd (pid {Pid}), config {Config}, log {LogFile}")]
    public static partial void Started(ILogger logger, int pid, string config, string logFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "containerd {Version} answers CRI {ApiVersion} after {ElapsedMs} ms")]
    public static partial void Ready(ILogger logger, string version, string apiVersion, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "No CAP_SYS_RESOURCE: containerd restricts oom_score_adj (restrict_oom_score_adj = true)")]
    public static partial void RestrictingOomScoreAdj(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped containerd (pid {Pid}, exit code {ExitCode})")]
    public static partial void Stopped(ILogger logger, int pid, int exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "containerd (pid {Pid}) ignored SIGTERM for {Timeout}; killing it")]
    public static partial void Killing(ILogger logger, int pid, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "containerd (pid {Pid}) exited with code {ExitCode}; restarting it in {Delay} (pods keep running: their shims outlive it)")]
    public static partial void Exited(ILogger logger, int pid, int exitCode, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "containerd restart failed: {Error}; trying again")]
    public static partial void RestartFailed(ILogger logger, string error);
}
