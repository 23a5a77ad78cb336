using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// A written object as a read returns it, and its encoding when the response is exactly the stored
/// bytes plus resourceVersion (null otherwise: dry runs, converted versions, custom resources).
/// </summary>
internal sealed record WrittenObject(JsonObject Object, EncodedObject? Encoded, long Revision);
