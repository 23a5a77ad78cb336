namespace Kubesharp.Kubelet.Probes;

/// <summary>
/// Names one container of one pod for the probe manager. The pod uid keeps a recreated pod with the
/// same name apart; namespace and name are only carried for messages and logs.
/// </summary>
public sealed record PodContainerRef(string PodUid, string Namespace, string PodName, string ContainerName)
{
    public override string ToString() => $"{Namespace}/{PodName}/{ContainerName}";
}
