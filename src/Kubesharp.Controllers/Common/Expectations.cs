using System.Collections.Concurrent;

namespace Kubesharp.Controllers.Common;

/// <summary>
/// upstream's ControllerExpectations: after a controller creates or deletes N pods for a key it
/// waits until its informer has seen them (or a timeout passes) before counting pods again, so a
/// reconcile that runs before the watch catches up does not create the same pods twice.
/// </summary>
internal sealed class Expectations(TimeProvider time)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public void Expect(string key, int adds, int deletes) => _entries[key] = new Entry(adds, deletes, time.GetUtcNow());

    public void Observed(string key, bool added)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            entry.Observe(added);
        }
    }

    /// <summary>Lowers the expectation for creates or deletes that did not happen (the API refused them).</summary>
    public void Missed(string key, bool add) => Observed(key, add);

    public bool Satisfied(string key) =>
        !_entries.TryGetValue(key, out var entry) || entry.Fulfilled || time.GetUtcNow() - entry.Since > Timeout;

    public void Forget(string key) => _entries.TryRemove(key, out _);

    private sealed class Entry(int adds, int deletes, DateTimeOffset since)
    {
        private int _adds = adds;
        private int _deletes = deletes;

        public DateTimeOffset Since { get; } = since;

        public bool Fulfilled => Volatile.Read(ref _adds) <= 0 && Volatile.Read(ref _deletes) <= 0;

        public void Observe(bool added)
        {
            if (added)
            {
                Interlocked.Decrement(ref _adds);
            }
            else
            {
                Interlocked.Decrement(ref _deletes);
            }
        }
    }
}
