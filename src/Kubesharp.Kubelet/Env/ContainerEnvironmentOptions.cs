namespace Kubesharp.Kubelet.Env;

/// <summary>Options of <see cref="ContainerEnvironments"/>.</summary>
/// <param name="Allocatable">The node's allocatable CPU and memory, for resourceFieldRef without limits.</param>
public sealed record ContainerEnvironmentOptions(NodeAllocatable Allocatable)
{
    /// <summary>Namespace of the <c>kubernetes</c> Service whose address becomes KUBERNETES_SERVICE_HOST/PORT.</summary>
    public string MasterServiceNamespace { get; init; } = "default";

    /// <summary>How long a container start waits for the Service cache's first list before it fails (CreateContainerConfigError, retried).</summary>
    public TimeSpan ServiceSyncWait { get; init; } = TimeSpan.FromSeconds(10);

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Allocatable);
        if (ServiceSyncWait <= TimeSpan.Zero)
        {
            throw new ArgumentException("ServiceSyncWait must be positive");
        }

        if (string.IsNullOrWhiteSpace(MasterServiceNamespace))
        {
            throw new ArgumentException("MasterServiceNamespace must not be empty");
        }
    }
}
