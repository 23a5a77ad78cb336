using System.Text.Json.Nodes;
using Kubesharp.Api.Protobuf;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// <c>application/vnd.kubernetes.protobuf</c> request bodies as JSON objects. kubectl's typed
/// commands (create deployment/service/job/token/...) send protobuf and client-go does not fall
/// back to JSON on 415, so every built-in kind must be understood; a kind no schema describes
/// (a custom resource) is refused with 415.
/// </summary>
internal static class ProtobufBody
{
    public static JsonObject Decode(ReadOnlyMemory<byte> body)
    {
        try
        {
            return ProtobufObjects.Decode(body);
        }
        catch (ProtobufFormatException e) when (e.Unsupported)
        {
            throw new ApiException(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml ({e.Message})");
        }
        catch (ProtobufFormatException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }
    }
}
