using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubesharp.Client.Rest;

/// <summary>
/// Builds JSON node trees for objects a client keeps (informer caches hold every pod twice in the
/// single binary: scheduler and controller manager). <see cref="JsonNode.Parse(ref Utf8JsonReader, JsonNodeOptions?)"/>
/// keeps a private copy of the bytes and a token table behind each tree and decodes a string again
/// on every read; here strings are decoded once, property names are shared between trees (a pod has
/// ~70, the same in every pod), and only numbers keep a parsed element (shared per distinct text) so
/// that GetValue&lt;int&gt;, &lt;long&gt; and &lt;double&gt; convert as before. A running pod costs a quarter less.
/// </summary>
internal sealed class JsonTreeReader
{
    // Bounds, so that label keys and CRD fields without end cannot grow the tables without end:
    // past them, names and numbers are simply not shared.
    private const int MaxNames = 16 * 1024;
    private const int MaxNumbers = 4 * 1024;
    private const int MaxSharedLength = 128;

    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonElement> _numbers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _nameLookup;
    private readonly ConcurrentDictionary<string, JsonElement>.AlternateLookup<ReadOnlySpan<char>> _numberLookup;

    public JsonTreeReader()
    {
        _nameLookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        _numberLookup = _numbers.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The whole of <paramref name="utf8Json"/> as one value (null for JSON null).</summary>
    public JsonNode? Read(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read())
        {
            throw new JsonException("no JSON value");
        }

        var node = ReadValue(ref reader);
        if (reader.Read())
        {
            throw new JsonException($"'{reader.TokenType}' after the end of the JSON value");
        }

        return node;
    }

    /// <summary>The value <paramref name="reader"/> is on (its first token read); leaves the reader on its last token.</summary>
    public JsonNode? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = Name(ref reader);
                    reader.Read();
                    obj[name] = ReadValue(ref reader);
                }

                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(ReadValue(ref reader));
                }

                return array;
            case JsonTokenType.String:
                return JsonValue.Create(reader.GetString()!);
            case JsonTokenType.Number:
                return JsonValue.Create(Number(ref reader));
            case JsonTokenType.True:
                return JsonValue.Create(true);
            case JsonTokenType.False:
                return JsonValue.Create(false);
            case JsonTokenType.Null:
                return null;
            default:
                throw new JsonException($"unexpected token {reader.TokenType}");
        }
    }

    private string Name(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxSharedLength)
        {
            return reader.GetString()!;
        }

        Span<char> chars = stackalloc char[MaxSharedLength];
        var text = chars[..Encoding.UTF8.GetChars(reader.ValueSpan, chars)];
        if (_nameLookup.TryGetValue(text, out var shared))
        {
            return shared;
        }

        var name = new string(text);
        return _names.Count < MaxNames ? _names.GetOrAdd(name, name) : name;
    }

    private JsonElement Number(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueSpan.Length > MaxSharedLength)
        {
            return JsonElement.Parse(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray());
        }

        Span<char> chars = stackalloc char[MaxSharedLength];
        var text = chars[..Encoding.UTF8.GetChars(reader.ValueSpan, chars)]; // numbers are ASCII
        if (_numberLookup.TryGetValue(text, out var shared))
        {
            return shared;
        }

        var element = JsonElement.Parse(reader.ValueSpan);
        return _numbers.Count < MaxNumbers ? _numbers.GetOrAdd(new string(text), element) : element;
    }
}
