namespace Kubesharp.Kubelet.Runtime;

/// <summary>Everything the generated containerd config depends on.</summary>
internal sealed record ContainerdConfigValues(ContainerdLayout Layout, string SandboxImage, string CniBinDirectory, bool RestrictOomScoreAdj);
