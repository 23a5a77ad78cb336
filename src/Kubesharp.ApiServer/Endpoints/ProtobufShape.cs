namespace Kubesharp.ApiServer.Endpoints;

/// <summary>The field shapes the Kubernetes protobuf encoding uses for the kinds decoded so far.</summary>
internal enum ProtobufShape
{
    String,
    Bytes,
    Int64,
    Bool,
    Time,
    Message,
    RepeatedString,
    MapStringString,
    MapStringBytes,
}
