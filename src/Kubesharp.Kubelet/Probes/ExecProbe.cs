using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Probes;

/// <summary>An <c>exec</c> handler: CRI ExecSync, exit code 0 is success, the output is the failure message.</summary>
internal sealed class ExecProbe(IRuntimeService runtime)
{
    public async Task<ProbeResult> RunAsync(JsonObject exec, ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var command = (exec["command"] as JsonArray)?.Select(item => item?.GetValue<string>() ?? "").ToArray() ?? [];
        if (command.Length == 0)
        {
            return ProbeResult.Failed("exec: command is required");
        }

        try
        {
            var result = await runtime.ExecSyncAsync(new ExecSyncCommand(target.ContainerId, command) { Timeout = timeout == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : timeout }, cancellationToken)
                .ConfigureAwait(false);
            if (result.ExitCode == 0)
            {
                return ProbeResult.Success;
            }

            // Upstream reports the combined output; a silent failing command still says how it exited.
            var output = (result.StdoutText + result.StderrText).TrimEnd('\n');
            return ProbeResult.Failed(output.Length > 0 ? output : $"command \"{string.Join(' ', command)}\" exited with {result.ExitCode}");
        }
        catch (CriException e) when (e.Kind == CriErrorKind.DeadlineExceeded)
        {
            return ProbeResult.Failed($"command \"{string.Join(' ', command)}\" timed out");
        }
        catch (CriException e)
        {
            return ProbeResult.Unknown(e.Message);
        }
    }
}
