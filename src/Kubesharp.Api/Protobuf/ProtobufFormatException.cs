namespace Kubesharp.Api.Protobuf;

/// <summary>A protobuf body that cannot be read: malformed, or of a kind no schema describes (<see cref="Unsupported"/>).</summary>
public sealed class ProtobufFormatException : Exception
{
    public ProtobufFormatException()
    {
    }

    public ProtobufFormatException(string message)
        : base(message)
    {
    }

    public ProtobufFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public bool Unsupported { get; init; }
}
