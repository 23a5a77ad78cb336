using System.Buffers;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// An object's stored form written into a pooled buffer: a write hands it to the store, which
/// keeps its own copy, and returns the buffer once the store call has completed. A fresh array per
/// write (grown, then copied to its exact size) was a tenth of a create's allocations.
/// </summary>
internal sealed class PooledEncoding : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    public PooledEncoding(int initialSize) => _buffer = ArrayPool<byte>.Shared.Rent(initialSize);

    /// <summary>The offset of metadata's closing brace (see <see cref="EncodedObject"/>); 0 when metadata is not an object.</summary>
    public int MetadataEnd { get; set; }

    /// <summary>The bytes written so far; valid until disposed.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _written);
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
