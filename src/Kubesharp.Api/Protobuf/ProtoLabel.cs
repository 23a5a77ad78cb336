namespace Kubesharp.Api.Protobuf;

/// <summary>How many values a field holds on the wire.</summary>
internal enum ProtoLabel
{
    Optional,
    Repeated,

    /// <summary>map&lt;string, T&gt;: repeated entries with key 1 and value 2.</summary>
    Map,
}
