namespace Kubesharp.Kubelet.Server;

/// <summary>
/// Serves one CRI log file as kubectl logs shows it: messages only (or with their timestamps),
/// tail, since and byte limit applied, and with follow the file is watched until its container stops.
/// </summary>
internal sealed class LogStreamer
{
    private const int ChunkBytes = 64 * 1024;
    private readonly LogRequest _request;
    private readonly Stream _output;
    private long _written;
    private bool _atLineStart = true;

    private LogStreamer(LogRequest request, Stream output)
    {
        _request = request;
        _output = output;
    }

    /// <param name="running">Whether the container may still write; follow ends once it says no and the file is drained.</param>
    public static async Task StreamAsync(
        string path, LogRequest request, Stream output, Func<CancellationToken, Task<bool>> running, TimeSpan interval, CancellationToken cancellationToken)
    {
        var streamer = new LogStreamer(request, output);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
        if (request.TailLines is { } tail)
        {
            file.Position = await TailStartAsync(file, tail, cancellationToken).ConfigureAwait(false);
        }

        var pending = new MemoryStream();
        var buffer = new byte[ChunkBytes];
        var stopping = false;
        while (true)
        {
            var read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                if (!await streamer.WriteLinesAsync(pending, buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (!request.Follow || stopping)
            {
                return;
            }

            // One more pass after the container stops drains what it wrote last.
            stopping = !await running(cancellationToken).ConfigureAwait(false);
            if (!stopping)
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The offset of the first of the last <paramref name="lines"/> complete lines.</summary>
    internal static async Task<long> TailStartAsync(Stream file, long lines, CancellationToken cancellationToken)
    {
        if (lines == 0)
        {
            return file.Length;
        }

        // Offsets of the most recent line starts, oldest first; one forward pass, memory bounded by the tail.
        var starts = new Queue<long>();
        starts.Enqueue(0);
        var buffer = new byte[ChunkBytes];
        long offset = 0;
        var length = file.Length;
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n' && offset + i + 1 < length)
                {
                    starts.Enqueue(offset + i + 1);
                    if (starts.Count > lines)
                    {
                        starts.Dequeue();
                    }
                }
            }

            offset += read;
        }

        return starts.Peek();
    }

    /// <summary>Writes the complete lines of <paramref name="chunk"/>; false once the byte limit is reached.</summary>
    private async Task<bool> WriteLinesAsync(MemoryStream pending, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        while (chunk.Length > 0)
        {
            var newline = chunk.Span.IndexOf((byte)'\n');
            if (newline < 0)
            {
                // A line still being written: kept until its newline arrives.
                pending.Write(chunk.Span);
                return true;
            }

            ReadOnlyMemory<byte> line;
            if (pending.Length > 0)
            {
                pending.Write(chunk.Span[..newline]);
                line = pending.ToArray();
                pending.SetLength(0);
            }
            else
            {
                line = chunk[..newline];
            }

            chunk = chunk[(newline + 1)..];
            if (!await WriteEntryAsync(line, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<bool> WriteEntryAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        if (!CriLogLine.TryParse(line, out var entry) || (_request.Since is { } since && entry.Time < since))
        {
            return true;
        }

        if (_request.Timestamps && _atLineStart)
        {
            if (!await WriteLimitedAsync(entry.TimeText, cancellationToken).ConfigureAwait(false)
                || !await WriteLimitedAsync(" "u8.ToArray(), cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        _atLineStart = !entry.Partial;
        return await WriteLimitedAsync(entry.Message, cancellationToken).ConfigureAwait(false)
            && (entry.Partial || await WriteLimitedAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false));
    }

    private async Task<bool> WriteLimitedAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (_request.LimitBytes is { } limit && _written + bytes.Length >= limit)
        {
            await _output.WriteAsync(bytes[..(int)(limit - _written)], cancellationToken).ConfigureAwait(false);
            _written = limit;
            return false;
        }

        await _output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        _written += bytes.Length;
        return true;
    }
}
