using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Runtime;

/// <summary>Entry point for the node's container runtime process.</summary>
public static class Containerd
{
    public static IContainerdSupervisor CreateSupervisor(ContainerdOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return new ContainerdSupervisor(options, loggerFactory.CreateLogger<ContainerdSupervisor>());
    }
}
