using System.Buffers.Binary;

namespace Kubesharp.Dns.Wire;

/// <summary>Reads a standard query (one question) from a datagram, Span-based.</summary>
internal static class DnsParser
{
    /// <summary>Characters the key buffer must hold: a 255-byte name plus the type.</summary>
    public const int KeyCapacity = 260;

    /// <summary>Parses <paramref name="message"/>; false when it is not one standard query of class IN (<paramref name="rcode"/> says what to answer, -1: drop).</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, Span<char> key, out DnsQuery query, out int keyLength, out int rcode)
    {
        query = default;
        keyLength = 0;
        rcode = -1;
        if (message.Length < 12 || (message[2] & 0x80) != 0)
        {
            return false; // too short to answer, or a response: drop
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        rcode = DnsRcode.FormErr;
        if (((message[2] >> 3) & 0x0F) != 0)
        {
            rcode = DnsRcode.NotImp;
            return false;
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(message[4..]) != 1)
        {
            return false;
        }

        var at = 12;
        var length = 0;
        while (true)
        {
            if (at >= message.Length)
            {
                return false;
            }

            int label = message[at++];
            if (label == 0)
            {
                break;
            }

            if (label > 63 || at + label > message.Length || length + label + 1 > 255)
            {
                return false; // pointers have no place in a question; over-long names are malformed
            }

            if (length > 0)
            {
                key[length++] = '.';
            }

            foreach (var b in message.Slice(at, label))
            {
                key[length++] = b is >= (byte)'A' and <= (byte)'Z' ? (char)(b + 32) : (char)b;
            }

            at += label;
        }

        if (at + 4 > message.Length)
        {
            return false;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(message[at..]);
        var @class = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 2)..]);
        if (@class != 1)
        {
            rcode = DnsRcode.NotImp;
            return false;
        }

        key[length] = '|';
        key[length + 1] = (char)type;
        keyLength = length + 2;
        query = new DnsQuery(id, (message[2] & 0x01) != 0, message[12..(at + 4)], type, length);
        rcode = DnsRcode.NoError;
        return true;
    }
}
