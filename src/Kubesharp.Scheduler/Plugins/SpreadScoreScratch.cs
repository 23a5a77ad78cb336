namespace Kubesharp.Scheduler.Plugins;

/// <summary>
/// The buffers one topology-spread Score pass works in, kept by the plugin and reused: a pass over
/// hundreds of feasible nodes otherwise allocated a value per node and constraint and a growing set
/// of domains per constraint, for every pod. Reuse is safe because cycles run one at a time (the
/// scheduler decides under its cache's lock).
/// </summary>
internal sealed class SpreadScoreScratch
{
    private string?[] _values = [];
    private HashSet<string>[] _domains = [];

    /// <summary>At least <paramref name="length"/> slots, the first <paramref name="length"/> cleared.</summary>
    public string?[] Values(int length)
    {
        if (_values.Length < length)
        {
            _values = new string?[length];
        }
        else
        {
            Array.Clear(_values, 0, length);
        }

        return _values;
    }

    /// <summary>At least <paramref name="count"/> empty sets.</summary>
    public HashSet<string>[] Domains(int count)
    {
        if (_domains.Length < count)
        {
            var grown = new HashSet<string>[count];
            _domains.CopyTo(grown, 0);
            for (var i = _domains.Length; i < count; i++)
            {
                grown[i] = new HashSet<string>(StringComparer.Ordinal);
            }

            _domains = grown;
        }

        for (var i = 0; i < count; i++)
        {
            _domains[i].Clear();
        }

        return _domains;
    }
}
