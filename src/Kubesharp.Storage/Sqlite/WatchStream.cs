namespace Kubesharp.Storage.Sqlite;

/// <summary>
/// The enumerable WatchAsync returns. Each enumerator registers its watcher as soon as it is
/// created, so "from now on" (revision 0) means from the moment the caller asked, not from the
/// first MoveNextAsync.
/// </summary>
internal sealed class WatchStream(Func<CancellationToken, IAsyncEnumerator<WatchEvent>> open) : IAsyncEnumerable<WatchEvent>
{
    public IAsyncEnumerator<WatchEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default) => open(cancellationToken);
}
