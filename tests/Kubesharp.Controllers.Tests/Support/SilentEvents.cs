using System.Text.Json.Nodes;
using Kubesharp.Client.Events;

namespace Kubesharp.Controllers.Tests.Support;

/// <summary>An event recorder that drops everything: for tests that judge a controller by the objects it writes.</summary>
internal sealed class SilentEvents : IEventRecorder
{
    public void Record(JsonObject involvedObject, EventType type, string reason, string message)
    {
        // dropped
    }

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
