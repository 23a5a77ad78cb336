namespace Kubesharp.Simulation;

/// <summary>
/// When each hollow node renews its Lease: node i in slot i mod slots of every interval, so 5,000
/// renewals spread evenly instead of arriving together. Slots follow elapsed time, not loop turns:
/// a loop that falls behind (a loaded API server) catches up the slots it missed rather than
/// stretching every node's interval until the node lifecycle controller calls them silent. A node
/// whose previous renewal is still in flight is skipped, as a kubelet's renew loop never sends two.
/// </summary>
internal sealed class HeartbeatSchedule
{
    private readonly int _count;
    private readonly int _slots;
    private readonly TimeSpan _tick;
    private readonly int[] _inFlight;
    private long _nextTick;

    public HeartbeatSchedule(int count, TimeSpan interval, TimeSpan tick)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(tick, TimeSpan.Zero);
        _count = count;
        _tick = tick;
        _slots = Math.Max(1, (int)(interval / tick));
        _inFlight = new int[count];
    }

    /// <summary>
    /// Nodes whose slot came up since the last call, up to <paramref name="elapsed"/>; each node at
    /// most once per call (a loop stalled for more than an interval renews every node once, not
    /// several times), none whose renewal is still in flight. Each returned node is marked in
    /// flight until <see cref="Done"/>.
    /// </summary>
    public List<int> Due(TimeSpan elapsed)
    {
        var now = (long)(elapsed / _tick);
        var due = new List<int>();
        if (now < _nextTick)
        {
            return due;
        }

        var first = Math.Max(_nextTick, now - _slots + 1);
        for (var tick = first; tick <= now; tick++)
        {
            for (var i = (int)(tick % _slots); i < _count; i += _slots)
            {
                if (Interlocked.CompareExchange(ref _inFlight[i], 1, 0) == 0)
                {
                    due.Add(i);
                }
            }
        }

        _nextTick = now + 1;
        return due;
    }

    /// <summary>The renewal of node <paramref name="index"/> finished (either way): it may be due again.</summary>
    public void Done(int index) => Volatile.Write(ref _inFlight[index], 0);
}
