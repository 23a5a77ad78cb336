namespace Kubesharp.Client.Informers;

/// <summary>
/// Keeps a local cache of one resource in step with the API server (list, then watch from the
/// list's resourceVersion; relist when the watch cannot resume) and tells handlers what changed.
/// </summary>
public interface IInformer : IDisposable
{
    IObjectStore Store { get; }

    /// <summary>True once the first list is in the cache and its events have reached the handlers.</summary>
    bool HasSynced { get; }

    /// <summary>The resourceVersion the cache reflects (from the last list, event or bookmark).</summary>
    string? LastSyncResourceVersion { get; }

    /// <summary>Registers handlers; only before <see cref="RunAsync"/>, so every handler sees every event.</summary>
    void AddHandler(InformerHandler handler);

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> fires.</summary>
    Task RunAsync(CancellationToken cancellationToken);

    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
