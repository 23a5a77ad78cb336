using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

internal static class ServerSideApply
{
    public static JsonObject Apply(JsonObject live, ReadOnlyMemory<byte> body, PatchRequest request, IPatchMetadata metadata)
    {
        _ = (live, body, request, metadata);
        throw new PatchException(415, "server-side apply is not supported yet");
    }
}
