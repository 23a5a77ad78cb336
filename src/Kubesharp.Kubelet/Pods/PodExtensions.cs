namespace Kubesharp.Kubelet.Pods;

/// <summary>Entry point for the pod worker's extensions.</summary>
public static class PodExtensions
{
    /// <summary>Literal env values only, no volumes, no hooks, every running container ready.</summary>
    public static IPodExtensions Basic() => new BasicPodExtensions();
}
