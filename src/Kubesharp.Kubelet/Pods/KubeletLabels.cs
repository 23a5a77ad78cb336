namespace Kubesharp.Kubelet.Pods;

/// <summary>The labels upstream's kubelet puts on sandboxes and containers; they are how a restarted kubelet finds its pods again.</summary>
internal static class KubeletLabels
{
    public const string PodName = "io.kubernetes.pod.name";
    public const string PodNamespace = "io.kubernetes.pod.namespace";
    public const string PodUid = "io.kubernetes.pod.uid";
    public const string ContainerName = "io.kubernetes.container.name";

    /// <summary>Annotation with the container's restart count (upstream: io.kubernetes.container.restartCount).</summary>
    public const string RestartCount = "io.kubernetes.container.restartCount";

    public static Dictionary<string, string> ForPod(PodView pod) => new(StringComparer.Ordinal)
    {
        [PodName] = pod.Name,
        [PodNamespace] = pod.Namespace,
        [PodUid] = pod.Uid,
    };
}
