using Microsoft.Extensions.Logging;

namespace Kubesharp.Client.Informers;

/// <summary>The handler side of the informer: one task drains the notification channel in order.</summary>
internal sealed partial class Informer
{
    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var n in _notifications.Reader.ReadAllAsync(cancellationToken))
            {
                if (n.Kind == NotificationKind.Synced)
                {
                    _synced.TrySetResult();
                    continue;
                }

                foreach (var handler in _handlers)
                {
                    try
                    {
                        switch (n.Kind)
                        {
                            case NotificationKind.Add:
                                handler.OnAdd?.Invoke(n.New!);
                                break;
                            case NotificationKind.Update:
                                handler.OnUpdate?.Invoke(n.Old!, n.New!);
                                break;
                            default:
                                handler.OnDelete?.Invoke(n.New!);
                                break;
                        }
                    }
#pragma warning disable CA1031 // one faulty handler must not stop the others or the informer
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        LogHandlerFailed(_logger, Resource, ex);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
