namespace Kubesharp.Api.Protobuf;

/// <summary>A message of generated.proto by full name (e.g. k8s.io.api.core.v1.Pod) with its fields by number.</summary>
internal sealed record ProtoMessage(string FullName, IReadOnlyDictionary<int, ProtoField> Fields);
