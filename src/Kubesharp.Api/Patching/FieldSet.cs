using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

/// <summary>
/// A set of field paths (see <see cref="FieldPath"/>) with upstream's fieldsV1 encoding: nested
/// objects keyed by path element, <c>{}</c> for a leaf, and <c>".": {}</c> when a path with
/// children is itself in the set (a list item).
/// </summary>
internal sealed class FieldSet
{
    private readonly HashSet<string> _paths;

    // The fieldsV1 this set was read from, while the set still holds exactly its paths and it is in
    // the form ToFieldsV1 writes: a write re-records every manager's entry, and most entries come
    // out unchanged, so their tree is copied instead of rebuilt and sorted again. Never changed here.
    private JsonObject? _source;

    public FieldSet(IEnumerable<string>? paths = null) => _paths = new HashSet<string>(paths ?? [], StringComparer.Ordinal);

    private FieldSet(int capacity) => _paths = new HashSet<string>(capacity, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Paths => _paths;

    public bool IsEmpty => _paths.Count == 0;

    public int Count => _paths.Count;

    public bool Contains(string path) => _paths.Contains(path);

    public void Add(string path)
    {
        if (_paths.Add(path))
        {
            _source = null;
        }
    }

    // Loops rather than LINQ: these run several times per write (managedFields) and were a visible share of its allocations.
    public FieldSet Union(FieldSet other)
    {
        if (other._paths.Count == 0)
        {
            return Copy();
        }

        var union = new FieldSet(_paths.Count + other._paths.Count);
        union._paths.UnionWith(_paths);
        union._paths.UnionWith(other._paths);
        return KeepsSource(union);
    }

    public FieldSet Except(FieldSet other)
    {
        if (other._paths.Count == 0)
        {
            return Copy();
        }

        var rest = new FieldSet(_paths.Count);
        foreach (var path in _paths)
        {
            if (other._paths.Contains(path))
            {
                continue;
            }

            rest._paths.Add(path);
        }

        return KeepsSource(rest);
    }

    public FieldSet Intersect(FieldSet other)
    {
        var both = new FieldSet(Math.Min(_paths.Count, other._paths.Count));
        foreach (var path in _paths)
        {
            if (other._paths.Contains(path))
            {
                both._paths.Add(path);
            }
        }

        return both;
    }

    public FieldSet Where(Func<string, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var kept = new FieldSet(_paths.Count);
        foreach (var path in _paths)
        {
            if (predicate(path))
            {
                kept._paths.Add(path);
            }
        }

        return KeepsSource(kept);
    }

    /// <summary>Whether both sets hold exactly the same paths.</summary>
    public bool SetEquals(FieldSet other) => _paths.SetEquals(other._paths);

    // A set derived from this one with as many paths holds the same paths (it only ever adds to or
    // drops from them), so this set's fieldsV1 still describes it.
    private FieldSet KeepsSource(FieldSet derived)
    {
        derived._source = derived._paths.Count == _paths.Count ? _source : null;
        return derived;
    }

    private FieldSet Copy()
    {
        var copy = new FieldSet(_paths.Count) { _source = _source };
        copy._paths.UnionWith(_paths);
        return copy;
    }

    public static FieldSet FromFieldsV1(JsonNode? fields)
    {
        var set = new FieldSet();
        if (fields is JsonObject obj)
        {
            Read(obj, "", set);
            set._source = IsCanonical(obj) ? obj : null;
        }

        return set;
    }

    // What ToFieldsV1 would write back for the same paths: objects all the way down in upstream's
    // order, "." only (and empty) beside other children, so copying the tree is the same as rebuilding it.
    // The order is checked level by level in the same pass (IsSorted would walk each subtree again per level).
    private static bool IsCanonical(JsonObject node)
    {
        string? last = null;
        foreach (var (key, value) in node)
        {
            var rank = Rank(key);
            if ((last is not null && string.CompareOrdinal(last, rank) >= 0)
                || value is not JsonObject child
                || (key == "." && (child.Count > 0 || node.Count == 1))
                || (child.Count > 0 && !IsCanonical(child)))
            {
                return false;
            }

            last = rank;
        }

        return true;
    }

    private static void Read(JsonObject node, string prefix, FieldSet set)
    {
        foreach (var (element, child) in node)
        {
            if (element == ".")
            {
                set.Add(prefix);
                continue;
            }

            var path = FieldPath.Child(prefix, element);
            if (child is JsonObject { Count: > 0 } children)
            {
                Read(children, path, set);
            }
            else
            {
                set.Add(path);
            }
        }
    }

    public JsonObject ToFieldsV1()
    {
        if (_source is not null)
        {
            return (JsonObject)_source.DeepClone();
        }

        var root = new JsonObject();
        var sorted = new string[_paths.Count];
        _paths.CopyTo(sorted);
        Array.Sort(sorted, StringComparer.Ordinal);
        for (var i = 0; i < sorted.Length; i++)
        {
            var path = sorted[i];
            var node = root;
            foreach (var element in FieldPath.Elements(path))
            {
                if (node[element] is not JsonObject next)
                {
                    next = [];
                    node[element] = next;
                }

                node = next;
            }

            // A path that has descendants in the set marks itself with "."; a leaf stays {}.
            if (HasDescendant(sorted, i))
            {
                node["."] = new JsonObject();
            }
        }

        return IsSorted(root) ? root : Sort(root);
    }

    // Every path that starts with sorted[at] follows it directly in ordinal order, so only that run is looked at.
    private static bool HasDescendant(string[] sorted, int at)
    {
        var path = sorted[at];
        for (var j = at + 1; j < sorted.Length && sorted[j].StartsWith(path, StringComparison.Ordinal); j++)
        {
            if (FieldPath.IsPrefixOf(path, sorted[j]))
            {
                return true;
            }
        }

        return false;
    }

    // Built from ordinally sorted paths the tree is already in upstream's order ("." first, then by
    // element) whenever every element sorts as its path does; checked rather than assumed.
    private static bool IsSorted(JsonObject node)
    {
        string? last = null;
        foreach (var (key, value) in node)
        {
            var rank = Rank(key);
            if (last is not null && string.CompareOrdinal(last, rank) >= 0)
            {
                return false;
            }

            if (value is JsonObject child && !IsSorted(child))
            {
                return false;
            }

            last = rank;
        }

        return true;
    }

    // Upstream's order of a fieldsV1 level: "." first, then the elements ordinally.
    private static string Rank(string element) => element == "." ? "" : element;

    private static JsonObject Sort(JsonObject node)
    {
        var sorted = new JsonObject();
        foreach (var (key, value) in node.OrderBy(kv => Rank(kv.Key), StringComparer.Ordinal).ToList())
        {
            node.Remove(key);
            sorted[key] = value is JsonObject child ? Sort(child) : value;
        }

        return sorted;
    }
}
