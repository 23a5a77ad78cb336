namespace Kubesharp.Kubelet.Env;

/// <summary>Variables in first-definition order where a later definition replaces the value in place.</summary>
internal sealed class EnvList
{
    private readonly List<KeyValuePair<string, string>> _items = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public IReadOnlyList<KeyValuePair<string, string>> Items => _items;

    public string? Get(string name) => _index.TryGetValue(name, out var i) ? _items[i].Value : null;

    public bool Contains(string name) => _index.ContainsKey(name);

    public void Set(string name, string value)
    {
        if (_index.TryGetValue(name, out var i))
        {
            _items[i] = new(name, value);
            return;
        }

        _index[name] = _items.Count;
        _items.Add(new(name, value));
    }
}
