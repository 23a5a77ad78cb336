using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Probes;

/// <summary>postStart / preStop handlers through the prober, with no timeout but the caller's token.</summary>
internal sealed class LifecycleHooks(IProber prober, TimeProvider time, ILogger<LifecycleHooks> logger) : ILifecycleHooks
{
    public async Task<ProbeResult> RunAsync(PodContainerRef container, JsonObject handler, ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(target);
        var pod = $"{container.PodName}_{container.Namespace}({container.PodUid})";
        ProbeResult result;
        string description;
        if (handler["sleep"] is JsonObject sleep)
        {
            var seconds = sleep["seconds"] is JsonValue value && value.TryGetValue(out long s) && s > 0 ? s : 0;
            await Task.Delay(TimeSpan.FromSeconds(seconds), time, cancellationToken).ConfigureAwait(false);
            return ProbeResult.Success;
        }

        if (handler["exec"] is JsonObject exec)
        {
            var command = (exec["command"] as JsonArray)?.Select(item => item?.GetValue<string>() ?? "") ?? [];
            description = $"Exec lifecycle hook ([{string.Join(' ', command)}])";
        }
        else if (handler["httpGet"] is JsonObject httpGet)
        {
            description = $"HTTP lifecycle hook ({httpGet["path"]?.GetValue<string>() ?? ""})";
        }
        else
        {
            // tcpSocket is accepted by validation for compatibility but never ran upstream.
            return ProbeResult.Failed($"invalid handler for Container \"{container.ContainerName}\" in Pod \"{pod}\"");
        }

        result = await prober.ProbeAsync(handler, target, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return result;
        }

        var message = $"{description} for Container \"{container.ContainerName}\" in Pod \"{pod}\" failed - error: {result.Message}";
        ProbeLog.HookFailed(logger, description, container.ToString(), result.Message);
        return new ProbeResult(result.Status, message);
    }
}
