namespace Kubesharp.Kubelet.Cri;

/// <summary>What the runtime says it is, e.g. containerd v1.6.20 speaking CRI v1.</summary>
public sealed record RuntimeVersion(string RuntimeName, string RuntimeVersionText, string RuntimeApiVersion);
