using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Server;

/// <summary>
/// Finds a pod's sandbox and containers from the runtime alone, by the CRI metadata every kubelet
/// sets (sandbox name/namespace, container name/attempt), so the server needs nothing from the pod worker.
/// </summary>
internal sealed class PodContainers(IRuntimeService runtime)
{
    /// <summary>The pod's newest sandbox, preferring a ready one.</summary>
    public async Task<PodSandboxInfo> SandboxAsync(string ns, string pod, CancellationToken cancellationToken)
    {
        var sandboxes = await runtime.ListPodSandboxAsync(PodSandboxFilter.All, cancellationToken).ConfigureAwait(false);
        return sandboxes
            .Where(s => s.Namespace == ns && s.Name == pod)
            .OrderByDescending(s => s.State == PodSandboxState.Ready)
            .ThenByDescending(s => s.CreatedAt)
            .ThenByDescending(s => s.Attempt)
            .FirstOrDefault()
            ?? throw KubeletApiException.NotFound($"pod \"{pod}\" does not exist");
    }

    /// <summary>Every container of <paramref name="container"/> in the pod's sandbox, newest attempt first.</summary>
    public async Task<IReadOnlyList<ContainerInfo>> AttemptsAsync(string ns, string pod, string container, CancellationToken cancellationToken)
    {
        var sandbox = await SandboxAsync(ns, pod, cancellationToken).ConfigureAwait(false);
        var all = await runtime.ListContainersAsync(new ContainerFilter { PodSandboxId = sandbox.Id }, cancellationToken).ConfigureAwait(false);
        var attempts = all.Where(c => c.Name == container).OrderByDescending(c => c.Attempt).ThenByDescending(c => c.CreatedAt).ToArray();
        return attempts.Length > 0 ? attempts : throw KubeletApiException.NotFound($"container not found (\"{container}\")");
    }

    /// <summary>The newest attempt of the container, which must be running (exec, attach).</summary>
    public async Task<ContainerInfo> RunningAsync(string ns, string pod, string container, CancellationToken cancellationToken)
    {
        var newest = (await AttemptsAsync(ns, pod, container, cancellationToken).ConfigureAwait(false))[0];
        return newest.State == ContainerState.Running
            ? newest
            : throw KubeletApiException.BadRequest($"container \"{container}\" in pod \"{pod}\" is not running");
    }
}
