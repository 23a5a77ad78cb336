namespace Kubesharp.Kubelet.Volumes;

/// <summary>
/// A volume could not be set up. <see cref="Exception.Message"/> is upstream's FailedMount event
/// message, e.g. <c>MountVolume.SetUp failed for volume "cfg" : configmap "app" not found</c>.
/// </summary>
public sealed class PodVolumeException : Exception
{
    public PodVolumeException()
        : this("", "")
    {
    }

    public PodVolumeException(string message)
        : base(message)
    {
        Volume = "";
    }

    public PodVolumeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Volume = "";
    }

    public PodVolumeException(string volume, string reason, Exception? innerException = null)
        : base($"MountVolume.SetUp failed for volume \"{volume}\" : {reason}", innerException)
    {
        Volume = volume;
    }

    /// <summary>The volume that failed.</summary>
    public string Volume { get; }

    /// <summary>The event reason the worker records.</summary>
    public static string EventReason => "FailedMount";
}
