using System.Buffers;
using System.IO.Pipelines;

namespace Kubesharp.ApiServer.Serving.InProcess;

/// <summary>
/// The caller's view of an in-process response body: reads drain the exchange's pipe; disposing it
/// before the end aborts the request, which is how a watch is stopped.
/// </summary>
internal sealed class InProcessResponseStream(InProcessExchange exchange) : Stream
{
    private readonly PipeReader _reader = exchange.BodyReader;
    private int _disposed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            var available = result.Buffer;
            if (!available.IsEmpty)
            {
                var take = (int)Math.Min(available.Length, buffer.Length);
                available.Slice(0, take).CopyTo(buffer.Span);
                _reader.AdvanceTo(available.GetPosition(take));
                return take;
            }

            _reader.AdvanceTo(available.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return 0;
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Callers here read asynchronously; a synchronous read would block a thread on the pipeline.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read the in-process response asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            exchange.Abort();
            _reader.Complete();
        }

        base.Dispose(disposing);
    }
}
