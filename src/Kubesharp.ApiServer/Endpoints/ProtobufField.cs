namespace Kubesharp.ApiServer.Endpoints;

/// <summary>How one protobuf field maps to JSON: its name and shape, and the message schema for nested messages.</summary>
internal sealed record ProtobufField(string Name, ProtobufShape Shape, IReadOnlyDictionary<int, ProtobufField>? Message = null);
