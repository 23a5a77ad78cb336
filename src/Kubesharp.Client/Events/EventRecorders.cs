using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Client.Events;

/// <summary>Creates event recorders.</summary>
public static class EventRecorders
{
    /// <summary>A recorder writing through <paramref name="client"/>; it stops when <paramref name="stopping"/> fires.</summary>
    public static IEventRecorder Create(IApiClient client, EventRecorderOptions options, CancellationToken stopping, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        return new EventRecorder(client, options, logger ?? NullLogger.Instance, time ?? TimeProvider.System, stopping);
    }
}
