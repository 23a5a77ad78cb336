namespace Kubesharp.Kubelet.Env;

/// <summary>Options of <see cref="ContainerEnvironments"/>.</summary>
/// <param name="Allocatable">The node's allocatable CPU and memory, for resourceFieldRef without limits.</param>
public sealed record ContainerEnvironmentOptions(NodeAllocatable Allocatable)
{
    /// <summary>Namespace of the <c>kubernetes</c> Service whose address becomes KUBERNETES_SERVICE_HOST/PORT.</summary>
    public string MasterServiceNamespace { get; init; } = "default";

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Allocatable);
        if (string.IsNullOrWhiteSpace(MasterServiceNamespace))
        {
            throw new ArgumentException("MasterServiceNamespace must not be empty");
        }
    }
}
