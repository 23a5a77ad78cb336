using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubesharp.Client.Rest;

/// <summary>
/// Parses a watch body incrementally: a stream of <c>{"type":…,"object":…}</c> JSON values
/// (newline-separated on the wire, but only JSON boundaries are relied on). Bytes are read through
/// a PipeReader and each frame is parsed as soon as it is complete, so memory is bounded by the
/// largest single event, not by the length of the watch.
/// </summary>
internal static class WatchStreamReader
{
    /// <summary>No single event may exceed this; upstream objects are capped near 1.5 MiB in etcd.</summary>
    public const int MaxFrameBytes = 64 * 1024 * 1024;

    public static async IAsyncEnumerable<WatchEvent> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pipe = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await pipe.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (TryReadFrame(ref buffer, out var frame))
                {
                    yield return frame;
                }

                if (result.IsCompleted)
                {
                    if (!IsWhitespace(buffer))
                    {
                        throw new InvalidDataException("watch stream ended in the middle of an event");
                    }

                    yield break;
                }

                if (buffer.Length > MaxFrameBytes)
                {
                    throw new InvalidDataException($"watch event larger than {MaxFrameBytes} bytes");
                }

                // Consumed up to the last complete frame; everything was examined, so the next read waits for new bytes.
                pipe.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await pipe.CompleteAsync();
        }
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out WatchEvent frame)
    {
        frame = null!;
        var reader = new Utf8JsonReader(buffer, isFinalBlock: false, state: default);
        if (!reader.Read())
        {
            return false; // whitespace only, or a partial first token
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException($"watch stream: expected an object, found {reader.TokenType}");
        }

        var start = reader.TokenStartIndex;
        if (!reader.TrySkip())
        {
            return false;
        }

        var end = reader.BytesConsumed;
        var slice = buffer.Slice(start, end - start);
        var exact = new Utf8JsonReader(slice, isFinalBlock: true, state: default);
        var node = JsonNode.Parse(ref exact) as JsonObject ?? throw new InvalidDataException("watch stream: event is not an object");
        frame = ToEvent(node);
        buffer = buffer.Slice(end);
        return true;
    }

    private static WatchEvent ToEvent(JsonObject node)
    {
        var typeText = node["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        var type = typeText switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => WatchEventType.Error,
            _ => throw new InvalidDataException($"watch stream: unknown event type \"{typeText}\""),
        };
        var obj = node["object"] as JsonObject ?? throw new InvalidDataException($"watch stream: {typeText} event without an object");
        node.Remove("object"); // detach so the object can be stored without its envelope
        return new WatchEvent(type, obj);
    }

    private static bool IsWhitespace(ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
