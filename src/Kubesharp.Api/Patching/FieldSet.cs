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

    public FieldSet(IEnumerable<string>? paths = null) => _paths = new HashSet<string>(paths ?? [], StringComparer.Ordinal);

    public IReadOnlyCollection<string> Paths => _paths;

    public bool IsEmpty => _paths.Count == 0;

    public bool Contains(string path) => _paths.Contains(path);

    public void Add(string path) => _paths.Add(path);

    public FieldSet Union(FieldSet other) => new(_paths.Concat(other._paths));

    public FieldSet Except(FieldSet other) => new(_paths.Where(p => !other._paths.Contains(p)));

    public FieldSet Intersect(FieldSet other) => new(_paths.Where(other._paths.Contains));

    public FieldSet Where(Func<string, bool> predicate) => new(_paths.Where(predicate));

    public static FieldSet FromFieldsV1(JsonNode? fields)
    {
        var set = new FieldSet();
        if (fields is JsonObject obj)
        {
            Read(obj, "", set);
        }

        return set;
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
        var root = new JsonObject();
        foreach (var path in _paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            var elements = FieldPath.Elements(path);
            foreach (var element in elements)
            {
                if (node[element] is not JsonObject next)
                {
                    next = [];
                    node[element] = next;
                }

                node = next;
            }

            // A path that has descendants in the set marks itself with "."; a leaf stays {}.
            if (_paths.Any(p => FieldPath.IsPrefixOf(path, p)))
            {
                node["."] = new JsonObject();
            }
        }

        return Sort(root);
    }

    private static JsonObject Sort(JsonObject node)
    {
        var sorted = new JsonObject();
        foreach (var (key, value) in node.OrderBy(kv => kv.Key == "." ? "" : kv.Key, StringComparer.Ordinal).ToList())
        {
            node.Remove(key);
            sorted[key] = value is JsonObject child ? Sort(child) : value;
        }

        return sorted;
    }
}
