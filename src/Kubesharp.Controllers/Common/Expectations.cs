using System.Collections.Concurrent;

namespace Kubesharp.Controllers.Common;

/// <summary>
/// upstream's ControllerExpectations (with UID-tracked deletions): after a controller creates N pods
/// and deletes some for a key, it does not act on that key again until its informer has seen them
/// (or <see cref="Timeout"/> passes, in case a watch event was lost), so a reconcile that runs before
/// the watch catches up does not create or delete the same pods twice.
/// Callers must ask <see cref="Satisfied"/> before reading the informer cache: the informer writes
/// its cache before it notifies, so once the expectations are met, every pod they waited for is
/// already in what the caller reads next.
/// </summary>
internal sealed class Expectations(TimeProvider time)
{
    /// <summary>upstream's ExpectationsTimeout.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Records what is about to be done for <paramref name="key"/>; replaces what was expected before (call it only when <see cref="Satisfied"/>).</summary>
    /// <param name="deletions">Keys (namespace/name) of the pods about to be deleted; each counts once however many events show it going.</param>
    public void Expect(string key, int creations, IEnumerable<string>? deletions = null) =>
        _entries[key] = new Entry(creations, deletions, time.GetUtcNow());

    /// <summary>A pod of <paramref name="key"/> appeared in the informer, or a create failed and will not make one.</summary>
    public void CreationObserved(string key)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            entry.Created();
        }
    }

    /// <summary>The informer shows <paramref name="podKey"/> terminating or gone, or its delete failed; idempotent.</summary>
    public void DeletionObserved(string key, string podKey)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            entry.Deleted(podKey);
        }
    }

    public bool Satisfied(string key) =>
        !_entries.TryGetValue(key, out var entry) || entry.Fulfilled || time.GetUtcNow() - entry.Since > Timeout;

    public void Forget(string key) => _entries.TryRemove(key, out _);

    private sealed class Entry(int creations, IEnumerable<string>? deletions, DateTimeOffset since)
    {
        private readonly Lock _gate = new();
        private readonly HashSet<string> _deletions = new(deletions ?? [], StringComparer.Ordinal);
        private int _creations = creations;

        public DateTimeOffset Since { get; } = since;

        public bool Fulfilled
        {
            get
            {
                lock (_gate)
                {
                    return _creations <= 0 && _deletions.Count == 0;
                }
            }
        }

        public void Created()
        {
            lock (_gate)
            {
                _creations--;
            }
        }

        public void Deleted(string podKey)
        {
            lock (_gate)
            {
                _deletions.Remove(podKey);
            }
        }
    }
}
