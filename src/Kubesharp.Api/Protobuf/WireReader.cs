using System.Text;

namespace Kubesharp.Api.Protobuf;

/// <summary>A protobuf wire-format reader over one message.</summary>
internal sealed class WireReader(ReadOnlyMemory<byte> data)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private int _at;

    public bool End => _at >= data.Length;

    public (int Field, int Wire) Tag()
    {
        var tag = Varint();
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    public ulong Varint()
    {
        var span = data.Span;
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_at >= span.Length)
            {
                throw Malformed();
            }

            var b = span[_at++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw Malformed();
    }

    public ReadOnlyMemory<byte> LengthDelimited()
    {
        var length = Varint();
        if (length > (ulong)(data.Length - _at))
        {
            throw Malformed();
        }

        var bytes = data.Slice(_at, (int)length);
        _at += (int)length;
        return bytes;
    }

    public string String()
    {
        try
        {
            return StrictUtf8.GetString(LengthDelimited().Span);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed();
        }
    }

    public ulong Fixed(int bytes)
    {
        if (_at + bytes > data.Length)
        {
            throw Malformed();
        }

        ulong value = 0;
        for (var i = 0; i < bytes; i++)
        {
            value |= (ulong)data.Span[_at + i] << (8 * i);
        }

        _at += bytes;
        return value;
    }

    public void Skip(int wire)
    {
        switch (wire)
        {
            case 0: Varint(); break;
            case 1: Fixed(8); break;
            case 2: LengthDelimited(); break;
            case 5: Fixed(4); break;
            default: throw Malformed();
        }
    }

    public static ProtobufFormatException Malformed() => new("the protobuf body is malformed");
}
