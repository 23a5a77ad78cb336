using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

/// <summary>
/// RFC 6902 JSON Patch. Operations run in order on the document (which the caller owns); the
/// first failing operation throws 422 as kube-apiserver does, with evanphx/json-patch's wording.
/// </summary>
internal static class JsonPatch
{
    /// <summary>Upstream's limit (maxJSONPatchOperations); more is refused with 413.</summary>
    public const int MaxOperations = 10000;

    public static JsonNode? Apply(JsonNode? document, JsonArray operations)
    {
        if (operations.Count > MaxOperations)
        {
            throw new PatchException(413, $"The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}");
        }

        foreach (var node in operations)
        {
            if (node is not JsonObject op)
            {
                throw new PatchException(400, "json: cannot unmarshal a JSON patch operation that is not an object");
            }

            document = ApplyOne(document, op);
        }

        return document;
    }

    private static JsonNode? ApplyOne(JsonNode? document, JsonObject op)
    {
        var kind = StringMember(op, "op") ?? throw new PatchException(422, "Unexpected kind: (missing \"op\")");
        var path = StringMember(op, "path") ?? throw new PatchException(422, $"{kind} operation is missing a \"path\"");
        switch (kind)
        {
            case "add":
                return Add(document, path, Value(op, kind), kind);
            case "remove":
                Remove(document, path, $"Unable to remove nonexistent key: {path}: missing value");
                return document;
            case "replace":
                if (!TryGet(document, JsonPointer.Parse(path), out _))
                {
                    throw new PatchException(422, $"replace operation does not apply: doc is missing key: {path}: missing value");
                }

                return Set(document, path, Value(op, kind), replace: true, kind);
            case "move":
            {
                var from = StringMember(op, "from") ?? throw new PatchException(422, "move operation is missing a \"from\"");
                if (path.StartsWith(from + "/", StringComparison.Ordinal))
                {
                    throw new PatchException(422, $"move operation does not apply: \"{path}\" is a child of \"{from}\"");
                }

                var moved = Remove(document, from, $"move operation does not apply: doc is missing from path: {from}: missing value");
                return Add(document, path, moved, kind);
            }

            case "copy":
            {
                var from = StringMember(op, "from") ?? throw new PatchException(422, "copy operation is missing a \"from\"");
                if (!TryGet(document, JsonPointer.Parse(from), out var source))
                {
                    throw new PatchException(422, $"copy operation does not apply: doc is missing from path: {from}: missing value");
                }

                return Add(document, path, source?.DeepClone(), kind);
            }

            case "test":
            {
                var expected = Value(op, kind);
                var found = TryGet(document, JsonPointer.Parse(path), out var actual);
                // evanphx/json-patch treats a missing value as equal to an expected null.
                if ((found || expected is not null) && (!found || !JsonNode.DeepEquals(actual, expected)))
                {
                    throw new PatchException(422, $"testing value {path} failed: test failed");
                }

                return document;
            }

            default:
                throw new PatchException(422, $"Unexpected kind: {kind}");
        }
    }

    private static string? StringMember(JsonObject op, string name) =>
        op.TryGetPropertyValue(name, out var v) && v is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    private static JsonNode? Value(JsonObject op, string kind) =>
        op.TryGetPropertyValue("value", out var v) ? v?.DeepClone() : throw new PatchException(422, $"{kind} operation is missing a \"value\"");

    private static JsonNode? Add(JsonNode? document, string path, JsonNode? value, string kind) =>
        Set(document, path, value, replace: false, kind);

    private static JsonNode? Set(JsonNode? document, string path, JsonNode? value, bool replace, string kind)
    {
        var tokens = JsonPointer.Parse(path);
        if (tokens.Length == 0)
        {
            return value;
        }

        if (!TryGet(document, tokens.AsSpan(0, tokens.Length - 1), out var parent) || parent is null or JsonValue)
        {
            throw new PatchException(422, $"{kind} operation does not apply: doc is missing path: \"{path}\": missing value");
        }

        var last = tokens[^1];
        if (parent is JsonObject obj)
        {
            obj[last] = value;
            return document;
        }

        var array = (JsonArray)parent;
        if (!replace && last == "-")
        {
            array.Add(value);
            return document;
        }

        var index = Index(last, array.Count + (replace ? 0 : 1));
        if (replace)
        {
            array[index] = value;
        }
        else
        {
            array.Insert(index, value);
        }

        return document;
    }

    private static JsonNode? Remove(JsonNode? document, string path, string missingMessage)
    {
        var tokens = JsonPointer.Parse(path);
        if (tokens.Length == 0 || !TryGet(document, tokens.AsSpan(0, tokens.Length - 1), out var parent))
        {
            throw new PatchException(422, missingMessage);
        }

        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(tokens[^1], out var removed):
                obj.Remove(tokens[^1]);
                return removed;
            case JsonArray array:
            {
                var index = Index(tokens[^1], array.Count);
                var removed = array[index];
                array.RemoveAt(index);
                return removed;
            }

            default:
                throw new PatchException(422, missingMessage);
        }
    }

    private static bool TryGet(JsonNode? node, ReadOnlySpan<string> tokens, out JsonNode? found)
    {
        foreach (var token in tokens)
        {
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(token, out var child):
                    node = child;
                    break;
                case JsonArray array when IsIndex(token, out var i) && i < array.Count:
                    node = array[i];
                    break;
                default:
                    found = null;
                    return false;
            }
        }

        found = node;
        return true;
    }

    /// <summary>An array index below <paramref name="limit"/>: decimal digits without a leading zero.</summary>
    private static int Index(string token, int limit) =>
        IsIndex(token, out var i) && i < limit
            ? i
            : throw new PatchException(422, $"Unable to access invalid index: {token}: invalid index referenced");

    private static bool IsIndex(string token, out int index)
    {
        index = -1;
        return token.Length > 0 && (token == "0" || token[0] != '0') && token.All(char.IsAsciiDigit)
            && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
