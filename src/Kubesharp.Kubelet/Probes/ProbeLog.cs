using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Probes;

internal static partial class ProbeLog
{
    [LoggerMessage(1, LogLevel.Debug, "Probing {Container} ({ContainerId}): {Count} probe(s)")]
    public static partial void Started(ILogger logger, string container, string containerId, int count);

    [LoggerMessage(2, LogLevel.Error, "The {Type} probe loop of {Container} failed")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string container, ProbeType type);

    [LoggerMessage(3, LogLevel.Information, "{Hook} hook of {Container} failed: {Message}")]
    public static partial void HookFailed(ILogger logger, string hook, string container, string message);
}
