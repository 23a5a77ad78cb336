using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Volumes;

internal static partial class VolumesLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Volume {Volume} of pod {Pod}: {Reason}")]
    public static partial void SetUpFailed(ILogger logger, string pod, string volume, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service account volume {Volume} of pod {Pod} has no token: {Reason}")]
    public static partial void TokenOmitted(ILogger logger, string pod, string volume, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mounted tmpfs of {SizeBytes} bytes for volume {Volume} of pod {Pod}")]
    public static partial void TmpfsMounted(ILogger logger, string pod, string volume, long sizeBytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Volume {Volume} of pod {Pod} has new contents")]
    public static partial void Updated(ILogger logger, string pod, string volume);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed volumes of pod {PodUid}")]
    public static partial void TornDown(ILogger logger, string podUid);
}
