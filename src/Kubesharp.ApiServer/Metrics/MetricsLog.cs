using Microsoft.Extensions.Logging;

namespace Kubesharp.ApiServer.Metrics;

internal static partial class MetricsLog
{
    [LoggerMessage(1, LogLevel.Debug, "No metrics from the kubelet of node {Node}: {Reason}")]
    public static partial void KubeletFailed(ILogger logger, string node, string reason);
}
