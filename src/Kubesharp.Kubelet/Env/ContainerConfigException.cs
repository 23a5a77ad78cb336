namespace Kubesharp.Kubelet.Env;

/// <summary>
/// A container cannot be configured (env source, key, field path or volume mount). The message is
/// upstream's, e.g. <c>configmap "x" not found</c>; the worker reports reason CreateContainerConfigError.
/// </summary>
public sealed class ContainerConfigException : Exception
{
    public ContainerConfigException()
    {
    }

    public ContainerConfigException(string message)
        : base(message)
    {
    }

    public ContainerConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The waiting reason the worker sets on the container status.</summary>
    public static string WaitingReason => "CreateContainerConfigError";
}
