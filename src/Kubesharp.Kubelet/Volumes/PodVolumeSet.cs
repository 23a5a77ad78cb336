namespace Kubesharp.Kubelet.Volumes;

/// <summary>The volumes of one pod after set-up, by volume name.</summary>
/// <param name="PodUid">The pod's metadata.uid.</param>
/// <param name="Volumes">Every volume of the pod, including the automatic service account volume.</param>
public sealed record PodVolumeSet(string PodUid, IReadOnlyDictionary<string, PodVolume> Volumes)
{
    /// <summary>
    /// The automatic <c>kube-api-access-*</c> volume the kubelet added because the API server did
    /// not, or null; every container without its own mount there gets it at
    /// <c>/var/run/secrets/kubernetes.io/serviceaccount</c>.
    /// </summary>
    public string? ServiceAccountVolume { get; init; }
}
