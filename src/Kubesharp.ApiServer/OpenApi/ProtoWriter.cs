using System.Buffers;
using System.Text;

namespace Kubesharp.ApiServer.OpenApi;

/// <summary>
/// Just enough of the protobuf wire format to write gnostic's openapi_v2.Document: varints,
/// strings and nested messages (written to a child buffer first, since their length leads).
/// </summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void String(int field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        Tag(field, 2);
        var length = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)length);
        var span = _buffer.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        _buffer.Advance(length);
    }

    public void Message(int field, ProtoWriter message)
    {
        Tag(field, 2);
        Varint((ulong)message.Written.Length);
        _buffer.Write(message.Written);
    }

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }
}
