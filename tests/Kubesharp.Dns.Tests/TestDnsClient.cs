using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kubesharp.Dns.Tests;

/// <summary>A tiny independent DNS client for tests: builds queries, sends them over UDP or TCP, decodes answers (with compression).</summary>
internal static class TestDnsClient
{
    public sealed record Rr(string Name, ushort Type, string Data);

    public sealed record Response(int Rcode, bool Authoritative, bool Truncated, IReadOnlyList<Rr> Answers, IReadOnlyList<Rr> Authority, IReadOnlyList<Rr> Additional);

    public static byte[] Query(string name, ushort type, ushort id = 0x1234)
    {
        var bytes = new List<byte> { (byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        return [.. bytes];
    }

    public static async Task<Response> UdpAsync(IPEndPoint server, string name, ushort type, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(server, bounded.Token);
        var query = Query(name, type);
        await socket.SendAsync(query, SocketFlags.None, bounded.Token);
        var buffer = new byte[4096];
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, bounded.Token);
        return Decode(buffer.AsSpan(0, n), 0x1234);
    }

    public static async Task<Response> TcpAsync(IPEndPoint server, string name, ushort type, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(5));
        await client.ConnectAsync(server, bounded.Token);
        var stream = client.GetStream();
        var query = Query(name, type);
        await stream.WriteAsync(new byte[] { (byte)(query.Length >> 8), (byte)query.Length }.Concat(query).ToArray(), bounded.Token);
        var header = new byte[2];
        await stream.ReadExactlyAsync(header, bounded.Token);
        var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        await stream.ReadExactlyAsync(body, bounded.Token);
        return Decode(body, 0x1234);
    }

    public static Response Decode(ReadOnlySpan<byte> m, ushort id)
    {
        Assert.Equal(id, BinaryPrimitives.ReadUInt16BigEndian(m));
        Assert.True((m[2] & 0x80) != 0, "QR bit");
        var counts = new int[4];
        for (var i = 0; i < 4; i++)
        {
            counts[i] = BinaryPrimitives.ReadUInt16BigEndian(m[(4 + (2 * i))..]);
        }

        var at = 12;
        for (var q = 0; q < counts[0]; q++)
        {
            ReadName(m, ref at);
            at += 4;
        }

        var sections = new List<Rr>[3];
        for (var s = 0; s < 3; s++)
        {
            sections[s] = [];
            for (var r = 0; r < counts[s + 1]; r++)
            {
                var name = ReadName(m, ref at);
                var type = BinaryPrimitives.ReadUInt16BigEndian(m[at..]);
                var length = BinaryPrimitives.ReadUInt16BigEndian(m[(at + 8)..]);
                at += 10;
                var dataAt = at;
                var data = type switch
                {
                    1 => new IPAddress(m.Slice(at, 4)).ToString(),
                    5 or 12 => ReadName(m, ref dataAt),
                    33 => $"{BinaryPrimitives.ReadUInt16BigEndian(m[at..])} {BinaryPrimitives.ReadUInt16BigEndian(m[(at + 2)..])} {BinaryPrimitives.ReadUInt16BigEndian(m[(at + 4)..])} {ReadName(m, ref Unsafe(dataAt + 6))}",
                    6 => ReadName(m, ref dataAt),
                    _ => Convert.ToHexString(m.Slice(at, length)),
                };
                at += length;
                sections[s].Add(new Rr(name, type, data));
            }
        }

        Assert.Equal(m.Length, at);
        return new Response(m[3] & 0x0F, (m[2] & 0x04) != 0, (m[2] & 0x02) != 0, sections[0], sections[1], sections[2]);
    }

    private static ref int Unsafe(int value)
    {
        var box = new int[] { value };
        return ref box[0];
    }

    private static string ReadName(ReadOnlySpan<byte> m, ref int at)
    {
        var labels = new List<string>();
        var position = at;
        var jumped = false;
        for (var guard = 0; guard < 128; guard++)
        {
            int length = m[position];
            if (length == 0)
            {
                position++;
                break;
            }

            if ((length & 0xC0) == 0xC0)
            {
                var target = ((length & 0x3F) << 8) | m[position + 1];
                if (!jumped)
                {
                    at = position + 2;
                }

                jumped = true;
                position = target;
                continue;
            }

            labels.Add(Encoding.ASCII.GetString(m.Slice(position + 1, length)));
            position += length + 1;
        }

        if (!jumped)
        {
            at = position;
        }

        return string.Join('.', labels);
    }
}
