namespace Kubesharp.Kubelet.Pods;

/// <summary>
/// A pod or container cannot be set up yet (a missing ConfigMap, a volume that failed): the
/// container waits with <see cref="Reason"/> (e.g. CreateContainerConfigError) and the worker retries.
/// </summary>
public sealed class PodSetupException : Exception
{
    public PodSetupException(string reason, string message)
        : base(message) => Reason = reason;

    public PodSetupException()
        : this("CreateContainerConfigError", "container configuration failed")
    {
    }

    public PodSetupException(string message)
        : this("CreateContainerConfigError", message)
    {
    }

    public PodSetupException(string message, Exception innerException)
        : base(message, innerException) => Reason = "CreateContainerConfigError";

    /// <summary>The waiting reason or event reason: CreateContainerConfigError, FailedMount.</summary>
    public string Reason { get; }
}
