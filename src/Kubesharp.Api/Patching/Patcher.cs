using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

/// <summary>
/// Applies a PATCH body to the current object and returns the new object. The caller stores it
/// (with its own resourceVersion check) and never sees a half-applied patch: failures throw
/// <see cref="PatchException"/> before anything changes.
/// </summary>
public static class Patcher
{
    /// <param name="current">The stored object (for apply to a missing object: apiVersion, kind and metadata name/namespace only).</param>
    /// <param name="patch">The request body as sent (JSON, or YAML for apply).</param>
    public static JsonObject Apply(JsonObject current, ReadOnlyMemory<byte> patch, PatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(request);
        throw new PatchException(415, $"patch type {request.Type} is not supported yet");
    }
}
