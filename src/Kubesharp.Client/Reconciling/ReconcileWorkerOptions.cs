namespace Kubesharp.Client.Reconciling;

/// <summary>How a reconciler is driven from its queue.</summary>
/// <param name="Name">Names the controller in logs.</param>
/// <param name="Workers">Keys reconciled at once (never the same key twice at once).</param>
/// <param name="MaxRetries">Failures after which a key is dropped (and reported); null retries forever, as controller-runtime does.</param>
public sealed record ReconcileWorkerOptions(string Name, int Workers = 1, int? MaxRetries = null)
{
    /// <summary>Called when a key is dropped after <see cref="MaxRetries"/> failures, with the last error.</summary>
    public Action<string, Exception>? OnDropped { get; init; }
}
