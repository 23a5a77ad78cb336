namespace Kubesharp.Storage.Sqlite;

/// <summary>One registered watch: the prefix it wants and its bounded queue.</summary>
internal sealed class Watcher(string prefix, int capacity)
{
    public string Prefix { get; } = prefix;

    public WatcherQueue Queue { get; } = new(capacity);
}
