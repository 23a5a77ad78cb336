using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

using Kubesharp.ApiServer.Serving;

namespace Kubesharp.ApiServer.Watch;

/// <summary>
/// Serves a watch over HTTP: newline-delimited <c>{"type":…,"object":…}</c> frames, flushed whenever
/// no further event is waiting (chunked on HTTP/1.1, DATA frames on HTTP/2), BOOKMARK events while idle when asked for, and
/// a clean end after timeoutSeconds.
/// </summary>
internal static class WatchResponder
{
    /// <summary>Events written before a flush however many more are waiting (about 1 MiB of pods).</summary>
    private const int MaxUnflushedEvents = 64;

    public static async Task ServeAsync(
        HttpContext context,
        ResourceWatch watch,
        WatchResponseOptions options,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var channel = Channel.CreateBounded<ApiWatchEvent>(new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true });
        var producer = watch.RunAsync(channel.Writer, timeout.Token);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";
        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);

        var writer = new Utf8JsonWriter(response.BodyWriter, JsonWriting.Options);
        try
        {
            var reader = channel.Reader;
            Task? bookmarkDue = null;
            Task<bool>? ready = null;
            var unflushed = 0;
            while (!timeout.IsCancellationRequested)
            {
                // Read progress before looking for events: a bookmark never overtakes an event it covers.
                var progress = watch.ProgressRevision;
                if (!reader.TryRead(out var e))
                {
                    ready ??= reader.WaitToReadAsync(timeout.Token).AsTask();
                    if (options.Bookmarks)
                    {
                        bookmarkDue ??= Task.Delay(options.BookmarkInterval, timeout.Token);
                    }

                    var winner = await Task.WhenAny(bookmarkDue is null ? [ready] : [ready, bookmarkDue]);
                    if (timeout.IsCancellationRequested)
                    {
                        break;
                    }

                    if (winner == bookmarkDue)
                    {
                        bookmarkDue = null;
                        if (!reader.TryPeek(out _))
                        {
                            Write(writer, response, Bookmark(options, progress), options);
                            await response.BodyWriter.FlushAsync(cancellationToken);
                        }

                        continue;
                    }

                    var more = await ready;
                    ready = null;
                    if (!more)
                    {
                        break; // the watch ended
                    }

                    continue;
                }

                // As upstream's watch server: flush when no further event is already waiting, so a burst
                // leaves in a few large writes (one TLS record, DATA frame and syscall each, and one read for
                // the client) instead of one per event; capped so a long burst still streams steadily.
                Write(writer, response, e, options);
                if (++unflushed >= MaxUnflushedEvents || !reader.TryPeek(out _))
                {
                    unflushed = 0;
                    await response.BodyWriter.FlushAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // Timeout or client gone: end the response.
        }
        finally
        {
            await timeout.CancelAsync();
            await producer;
            await writer.DisposeAsync();
        }
    }

    private static ApiWatchEvent Bookmark(WatchResponseOptions options, long revision) => new("BOOKMARK", new JsonObject
    {
        ["kind"] = options.Kind,
        ["apiVersion"] = options.ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
    });

    private static void Write(Utf8JsonWriter writer, HttpResponse response, ApiWatchEvent e, WatchResponseOptions options)
    {
        writer.Reset(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("type", e.Type);
        writer.WritePropertyName("object");
        if (options.Transform is { } transform && e.Type is "ADDED" or "MODIFIED" or "DELETED")
        {
            transform(e.Body).WriteTo(writer);
        }
        else if (e.Json is { } json)
        {
            writer.WriteRawValue(json, skipInputValidation: true);
        }
        else
        {
            e.Body.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.Flush();
        response.BodyWriter.Write("\n"u8);
    }
}
