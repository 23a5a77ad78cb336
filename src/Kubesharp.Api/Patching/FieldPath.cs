using System.Text;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

/// <summary>
/// Paths into an object as server-side apply tracks them, encoded as upstream's fieldsV1 path
/// elements joined by <see cref="Separator"/>: <c>f:name</c> for a field, <c>k:{"name":"x"}</c> for
/// a keyed list item, <c>v:"x"</c> for a set value.
/// </summary>
internal static class FieldPath
{
    public const char Separator = '\u001f';

    public static string Child(string parent, string element) => parent.Length == 0 ? element : parent + Separator + element;

    public static string[] Elements(string path) => path.Length == 0 ? [] : path.Split(Separator);

    public static bool IsPrefixOf(string prefix, string path) =>
        path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.Ordinal) && path[prefix.Length] == Separator;

    /// <summary>The key element of a list item: its key fields as a JSON object, sorted by name as upstream writes them.</summary>
    public static string Key(JsonObject item, IReadOnlyList<string> keys)
    {
        var key = new JsonObject();
        foreach (var name in keys.Order(StringComparer.Ordinal))
        {
            if (item.TryGetPropertyValue(name, out var v))
            {
                key[name] = v?.DeepClone();
            }
            else if (name == "protocol")
            {
                // The only defaulted list-map key among the built-ins (ports); upstream keys by the default.
                key[name] = "TCP";
            }
        }

        return "k:" + key.ToJsonString();
    }

    /// <summary>Upstream's printed form, as in conflict messages: <c>.spec.containers[name="app"].image</c>.</summary>
    public static string Display(string path)
    {
        var text = new StringBuilder();
        foreach (var element in Elements(path))
        {
            switch (element[0])
            {
                case 'f':
                    text.Append('.').Append(element.AsSpan(2));
                    break;
                case 'k':
                    var key = JsonNode.Parse(element[2..])!.AsObject();
                    text.Append('[').AppendJoin(',', key.Select(kv => $"{kv.Key}={kv.Value?.ToJsonString() ?? "null"}")).Append(']');
                    break;
                case 'v':
                    text.Append("[=").Append(element.AsSpan(2)).Append(']');
                    break;
                default:
                    text.Append('[').Append(element.AsSpan(2)).Append(']');
                    break;
            }
        }

        return text.ToString();
    }
}
