using System.Buffers;
using System.Buffers.Binary;
using System.Net;

namespace Kubesharp.Dns.Wire;

/// <summary>Encodes resource records (only on a cache miss; the hot path copies what this produced).</summary>
internal sealed class DnsWriter
{
    /// <summary>A pointer to the question name at offset 12 of every response.</summary>
    public const ushort QuestionNamePointer = 0xC00C;

    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>One record; <paramref name="owner"/> null means "the question's name" (compressed).</summary>
    public void Record(string? owner, ushort type, int ttl, Action<DnsWriter> rdata)
    {
        if (owner is null)
        {
            U16(QuestionNamePointer);
        }
        else
        {
            Name(owner);
        }

        U16(type);
        U16(1);
        U32((uint)ttl);
        var lengthAt = _buffer.WrittenCount;
        U16(0);
        rdata(this);
        var length = _buffer.WrittenCount - lengthAt - 2;
        // ArrayBufferWriter has no random access: patch through the written span's memory.
        BinaryPrimitives.WriteUInt16BigEndian(System.Runtime.InteropServices.MemoryMarshal.AsMemory(_buffer.WrittenMemory).Span[lengthAt..], (ushort)length);
    }

    public void Name(string dotted)
    {
        foreach (var label in dotted.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var span = _buffer.GetSpan(label.Length + 1);
            span[0] = (byte)label.Length;
            for (var i = 0; i < label.Length; i++)
            {
                span[i + 1] = (byte)label[i];
            }

            _buffer.Advance(label.Length + 1);
        }

        U8(0);
    }

    public void Address(IPAddress address)
    {
        var span = _buffer.GetSpan(16);
        address.TryWriteBytes(span, out var written);
        _buffer.Advance(written);
    }

    public void U8(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }
}
