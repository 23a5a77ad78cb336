using System.Globalization;
using System.Text.Json;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Serving;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// Writes a <see cref="StoredList"/> as the JSON list a parsed one would give, byte for byte: the
/// stored items are copied with only their resourceVersion put at the end of their metadata, and
/// the body is streamed in chunks instead of built whole.
/// </summary>
internal static class StoredListWriter
{
    private const int FlushBytes = 64 * 1024;

    public static async Task WriteAsync(HttpContext context, StoredList list)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var pipe = context.Response.BodyWriter;
        var buffer = new byte[4096];
        using var json = new Utf8JsonWriter(pipe, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("kind", list.Kind);
        json.WriteString("apiVersion", list.ApiVersion);
        json.WriteStartObject("metadata");
        json.WriteString("resourceVersion", list.Revision.ToString(CultureInfo.InvariantCulture));
        if (list.Continue is not null)
        {
            json.WriteString("continue", list.Continue);
            if (list.RemainingCount is { } remaining)
            {
                json.WriteNumber("remainingItemCount", remaining);
            }
        }

        json.WriteEndObject();
        json.WriteStartArray("items");
        foreach (var kv in list.Items)
        {
            var length = WithResourceVersion(kv.Value.Span, kv.ModRevision, ref buffer);
            json.WriteRawValue(buffer.AsSpan(0, length), skipInputValidation: true);
            if (json.BytesPending >= FlushBytes)
            {
                json.Flush();
                await pipe.FlushAsync(context.RequestAborted);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        await pipe.FlushAsync(context.RequestAborted);
    }

    /// <summary>
    /// Copies <paramref name="value"/> into <paramref name="buffer"/> (grown when short) with
    /// <c>"resourceVersion":"N"</c> as the last field of the top-level metadata, where
    /// ObjectCodec.SetResourceVersion puts it; returns the length written.
    /// </summary>
    internal static int WithResourceVersion(ReadOnlySpan<byte> value, long revision, ref byte[] buffer)
    {
        Span<byte> digits = stackalloc byte[20];
        revision.TryFormat(digits, out var digitCount, default, CultureInfo.InvariantCulture);
        var end = MetadataEnd(value);
        var field = "\"resourceVersion\":\""u8;
        var needed = value.Length + field.Length + digitCount + 2;
        if (buffer.Length < needed)
        {
            buffer = new byte[Math.Max(needed, buffer.Length * 2)];
        }

        if (end < 0)
        {
            value.CopyTo(buffer);
            return value.Length;
        }

        var at = 0;
        value[..end].CopyTo(buffer);
        at += end;
        if (value[end - 1] != (byte)'{')
        {
            buffer[at++] = (byte)',';
        }

        field.CopyTo(buffer.AsSpan(at));
        at += field.Length;
        digits[..digitCount].CopyTo(buffer.AsSpan(at));
        at += digitCount;
        buffer[at++] = (byte)'"';
        value[end..].CopyTo(buffer.AsSpan(at));
        return at + value.Length - end;
    }

    // The index of the top-level metadata object's closing brace, or -1 without one.
    private static int MetadataEnd(ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return -1;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
            {
                reader.Skip();
                return (int)reader.TokenStartIndex;
            }

            reader.Skip();
        }

        return -1;
    }
}
