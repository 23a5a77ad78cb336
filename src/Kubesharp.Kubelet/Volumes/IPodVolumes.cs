using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Volumes;

/// <summary>
/// The pod volumes of one node: materialises <c>spec.volumes</c> under
/// <c>&lt;kubelet-dir&gt;/pods/&lt;uid&gt;/volumes/&lt;plugin&gt;/&lt;name&gt;</c> and turns a container's
/// <c>volumeMounts</c> into CRI bind mounts. The pod worker calls <see cref="SetUpAsync"/> before
/// creating the sandbox, <see cref="MountsFor"/> per container, <see cref="RefreshAsync"/> on every
/// resync and <see cref="TearDownAsync"/> once the pod's containers and sandbox are gone.
/// </summary>
public interface IPodVolumes
{
    /// <summary>
    /// Sets up every volume of <paramref name="pod"/> (idempotent: a second call for the same pod
    /// reuses what is there and refreshes contents), including the automatic
    /// <c>kube-api-access-*</c> projected volume when the pod's service account token is automounted.
    /// </summary>
    /// <exception cref="PodVolumeException">A volume cannot be set up (missing non-optional source,
    /// hostPath type check, TokenRequest failure): report it as a FailedMount event and keep the
    /// containers ContainerCreating; retry on the next sync.</exception>
    Task<PodVolumeSet> SetUpAsync(JsonObject pod, CancellationToken cancellationToken);

    /// <summary>
    /// The CRI mounts for <paramref name="container"/>'s volumeMounts (mountPath, readOnly, subPath,
    /// subPathExpr expanded against <paramref name="environment"/>, the container's resolved env),
    /// plus the service account mount when <paramref name="volumes"/> carries the automatic volume.
    /// </summary>
    /// <exception cref="Env.ContainerConfigException">A mount names an unknown volume or its subPath is
    /// invalid: the container waits with reason CreateContainerConfigError.</exception>
    IReadOnlyList<ContainerMount> MountsFor(JsonObject container, PodVolumeSet volumes, IReadOnlyList<KeyValuePair<string, string>> environment);

    /// <summary>
    /// Rewrites the contents of configMap, secret, downwardAPI and projected volumes (and renews
    /// service account tokens near expiry) when their sources changed; each volume switches to new
    /// contents atomically (the <c>..data</c> symlink). Volumes that were never set up are skipped.
    /// </summary>
    /// <exception cref="PodVolumeException">A source can no longer be read; the old contents stay.</exception>
    Task RefreshAsync(JsonObject pod, CancellationToken cancellationToken);

    /// <summary>Unmounts (tmpfs) and removes every volume of the pod, then the pod's directory; a pod never set up is a no-op.</summary>
    Task TearDownAsync(string podUid, CancellationToken cancellationToken);
}
