using Kubesharp.Kubelet.Env;

namespace Kubesharp.Kubelet.Volumes;

/// <summary>Options of <see cref="PodVolumes"/>.</summary>
/// <param name="KubeletDirectory">The kubelet's root directory (upstream /var/lib/kubelet); pods live under <c>pods/</c>.</param>
/// <param name="Allocatable">The node's allocatable CPU and memory, for downwardAPI resourceFieldRef without limits.</param>
public sealed record PodVolumesOptions(string KubeletDirectory, NodeAllocatable Allocatable)
{
    /// <summary>Validity asked for in the automatic volume's TokenRequest (upstream: 3607 s).</summary>
    public long ServiceAccountTokenSeconds { get; init; } = 3607;

    /// <summary>
    /// <see cref="IPodVolumes.RefreshAsync"/> reads a pod's sources at most this often, so the worker
    /// may call it on every sync; a changed ConfigMap shows up in the volume within about this long.
    /// </summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(10);

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(KubeletDirectory) || !Path.IsPathFullyQualified(KubeletDirectory))
        {
            throw new ArgumentException($"KubeletDirectory must be an absolute path, got '{KubeletDirectory}'");
        }

        ArgumentNullException.ThrowIfNull(Allocatable);
        if (RefreshInterval < TimeSpan.Zero)
        {
            throw new ArgumentException($"RefreshInterval must not be negative, got {RefreshInterval}");
        }

        if (ServiceAccountTokenSeconds < 600)
        {
            throw new ArgumentException($"ServiceAccountTokenSeconds must be at least 600, got {ServiceAccountTokenSeconds}");
        }
    }
}
