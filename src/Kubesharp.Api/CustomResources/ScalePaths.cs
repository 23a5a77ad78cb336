namespace Kubesharp.Api.CustomResources;

/// <summary>subresources.scale of a CRD version: where replicas and the selector live in the object (JSON paths like ".spec.replicas").</summary>
public sealed record ScalePaths(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);
