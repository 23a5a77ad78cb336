namespace Kubesharp.Api.Protobuf;

/// <summary>
/// One field of a message from upstream's generated.proto: its JSON name (the .proto field names
/// are the JSON names), number, whether repeated or a map, and its type (a scalar like "string",
/// or a message's full name without the leading dot). Maps carry the value type in <see cref="Type"/>.
/// </summary>
internal sealed record ProtoField(string Name, int Number, ProtoLabel Label, string Type);
