namespace Kubesharp.Kubelet.Volumes;

/// <summary>One file of a configMap, secret, downwardAPI or projected volume: its bytes and permission bits.</summary>
internal sealed record FileProjection(byte[] Data, UnixFileMode Mode);
