namespace Kubesharp.Kubelet.Cri;

/// <summary>A container to create in an existing sandbox.</summary>
/// <param name="PodSandboxId">The sandbox the container joins.</param>
/// <param name="Container">The container itself.</param>
/// <param name="Sandbox">The spec the sandbox was created from; the runtime reads pod-level settings from it.</param>
public sealed record NewContainer(string PodSandboxId, ContainerSpec Container, PodSandboxSpec Sandbox);
