using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Volumes;

/// <summary>Entry point: the node's pod volume manager.</summary>
public static class PodVolumes
{
    /// <summary>A volume manager reading ConfigMaps, Secrets and tokens through <paramref name="client"/>.</summary>
    public static IPodVolumes Create(IApiClient client, PodVolumesOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        return new PodVolumeManager(client, options, TimeProvider.System, loggerFactory.CreateLogger<PodVolumeManager>());
    }
}
