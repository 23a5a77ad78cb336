namespace Kubesharp.Simulation;

/// <summary>Per-node IP counters and pending completions, shared by the writers and the timer loop.</summary>
internal sealed class HollowState
{
    private readonly HollowOptions _options;
    private readonly Dictionary<string, int> _indexByName;
    private readonly int[] _nextIp;
    private readonly bool[] _registered;
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public HollowState(HollowOptions options)
    {
        _options = options;
        _indexByName = Enumerable.Range(0, options.Count).ToDictionary(options.NodeName, i => i, StringComparer.Ordinal);
        _nextIp = new int[options.Count];
        _registered = new bool[options.Count];
    }

    /// <summary>The node exists (and has its first Lease): from now on it heartbeats.</summary>
    public void MarkRegistered(int index) => Volatile.Write(ref _registered[index], true);

    public bool IsRegistered(int index) => Volatile.Read(ref _registered[index]);

    public bool IsOurs(string node) => _indexByName.ContainsKey(node);

    public string HostIp(string node)
    {
        var i = _indexByName[node];
        return $"10.200.{i >> 8}.{i & 255}";
    }

    /// <summary>The next address of the node's fallback /24 (.2 to .251, then round again, as pods come and go).</summary>
    public string NextPodIp(string node)
    {
        var i = _indexByName[node];
        var n = Interlocked.Increment(ref _nextIp[i]);
        var cidr = HollowObjects.FallbackPodCidr(i);
        return $"{cidr[..cidr.LastIndexOf('.')]}.{2 + ((n - 1) % 250)}";
    }

    public void CompleteAt(string key, DateTimeOffset at)
    {
        lock (_gate)
        {
            _due[key] = at;
        }
    }

    public bool IsDue(string key, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _due.TryGetValue(key, out var at) && at <= now;
        }
    }

    public IReadOnlyList<string> TakeDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _due.Count == 0 ? [] : _due.Where(p => p.Value <= now).Select(p => p.Key).ToList();
        }
    }

    public void Forget(string key)
    {
        lock (_gate)
        {
            _due.Remove(key);
        }
    }

    public int Count => _options.Count;
}
