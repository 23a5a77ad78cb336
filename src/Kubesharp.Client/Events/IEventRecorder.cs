using System.Text.Json.Nodes;

namespace Kubesharp.Client.Events;

/// <summary>
/// Records core/v1 Events about objects (what <c>kubectl describe</c> shows under Events), as
/// client-go's recorder does: fire-and-forget, repeats of the same event folded into one with a
/// growing count, and never blocking the caller's control loop.
/// </summary>
public interface IEventRecorder
{
    /// <summary>Records that <paramref name="reason"/> happened to <paramref name="involvedObject"/> (any object with kind/apiVersion/metadata).</summary>
    void Record(JsonObject involvedObject, EventType type, string reason, string message);

    /// <summary>Writes what is queued; for tests and clean shutdown.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
