using System.Text.Json.Nodes;
using Kubesharp.Client.Events;

namespace Kubesharp.Kubelet.Tests.Fakes;

/// <summary>Keeps the events recorded, as "Type Reason: message".</summary>
internal sealed class RecordingEvents : IEventRecorder
{
    public List<string> Recorded { get; } = [];

    public void Record(JsonObject involvedObject, EventType type, string reason, string message) => Recorded.Add($"{type} {reason}: {message}");

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
