using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Watch;

/// <summary>
/// One event of a watch response: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR with its object.
/// <paramref name="Json"/> is the object already serialized, when a shared copy exists.
/// </summary>
public sealed record ApiWatchEvent(string Type, JsonObject Body, byte[]? Json = null);
