using System.Buffers.Binary;
using System.Collections.Concurrent;
using Kubesharp.Dns.Records;
using Kubesharp.Dns.Wire;

namespace Kubesharp.Dns.Serving;

/// <summary>
/// Turns a query datagram into a response. Answers are encoded once per name and type and kept
/// until the zone changes (any Service or EndpointSlice event drops them all: cheap, and a change
/// then costs one re-encode per name actually asked for); a cache hit parses, looks up by span and
/// copies bytes, without allocating.
/// </summary>
internal sealed class QueryHandler
{
    private readonly ClusterRecords _records;
    private readonly DnsOptions _options;
    private readonly string _soaName;
    private ConcurrentDictionary<string, EncodedAnswer> _cache = new(StringComparer.Ordinal);

    public QueryHandler(ClusterRecords records, DnsOptions options)
    {
        _records = records;
        _options = options;
        _soaName = options.ClusterDomain.Trim('.').ToLowerInvariant();
        records.Changed += () => _cache = new ConcurrentDictionary<string, EncodedAnswer>(StringComparer.Ordinal);
    }

    /// <summary>Writes the response to <paramref name="query"/> into <paramref name="response"/>; returns its length, 0 to drop, or -1 when the query must be forwarded upstream.</summary>
    public int Handle(ReadOnlySpan<byte> query, Span<byte> response)
    {
        Span<char> key = stackalloc char[DnsParser.KeyCapacity];
        if (!DnsParser.TryParse(query, key, out var parsed, out var keyLength, out var rcode))
        {
            if (rcode < 0 || response.Length < 12)
            {
                return 0;
            }

            query[..2].CopyTo(response);
            response[2] = (byte)(0x80 | (query[2] & 0x79)); // QR, opcode and RD echoed
            response[3] = (byte)rcode;
            response[4..12].Clear();
            return 12;
        }

        var cache = _cache;
        var lookup = cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(key[..keyLength], out var answer))
        {
            answer = Encode(_records.Resolve(new string(key[..parsed.NameLength]), parsed.Type));
            if (cache.Count >= _options.MaxCachedAnswers)
            {
                cache.Clear();
            }

            cache[new string(key[..keyLength])] = answer;
        }

        if (answer.Forward)
        {
            return -1;
        }

        var length = 12 + parsed.Question.Length + answer.Records.Length;
        var flags = (ushort)(answer.Flags | (parsed.RecursionDesired ? 0x0100 : 0));
        var counts = (answer.AnswerCount, answer.AuthorityCount, answer.AdditionalCount);
        var records = answer.Records.AsSpan();
        if (length > response.Length)
        {
            // Too big for this transport (512-byte UDP): truncated, the client retries over TCP.
            flags |= 0x0200;
            counts = (0, 0, 0);
            records = [];
            length = 12 + parsed.Question.Length;
        }

        BinaryPrimitives.WriteUInt16BigEndian(response, parsed.Id);
        BinaryPrimitives.WriteUInt16BigEndian(response[2..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(response[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(response[6..], counts.Item1);
        BinaryPrimitives.WriteUInt16BigEndian(response[8..], counts.Item2);
        BinaryPrimitives.WriteUInt16BigEndian(response[10..], counts.Item3);
        parsed.Question.CopyTo(response[12..]);
        records.CopyTo(response[(12 + parsed.Question.Length)..]);
        return length;
    }

    private EncodedAnswer Encode(DnsAnswer answer)
    {
        var flags = (ushort)(0x8000 | (answer.Authoritative ? 0x0400 : 0) | (_options.Upstream is null ? 0 : 0x0080) | answer.Rcode);
        if (answer.Forward)
        {
            return new EncodedAnswer(flags, 0, 0, 0, [], true);
        }

        var writer = new DnsWriter();
        foreach (var record in answer.Answers)
        {
            Write(writer, record);
        }

        ushort authority = 0;
        if (answer.Authoritative && answer.Answers.Count == 0)
        {
            // Negative answers carry the zone's SOA so resolvers can cache them (RFC 2308).
            Write(writer, new ResourceRecord(_soaName, DnsType.Soa));
            authority = 1;
        }

        foreach (var record in answer.Additional)
        {
            Write(writer, record);
        }

        return new EncodedAnswer(flags, (ushort)answer.Answers.Count, authority, (ushort)answer.Additional.Count, writer.Written.ToArray(), false);
    }

    private void Write(DnsWriter writer, ResourceRecord record)
    {
        var ttl = _options.TtlSeconds;
        switch (record.Type)
        {
            case DnsType.A:
                writer.Record(record.Owner, record.Type, ttl, w => w.Address(record.Address!));
                break;
            case DnsType.Cname or DnsType.Ptr:
                writer.Record(record.Owner, record.Type, ttl, w => w.Name(record.Target!));
                break;
            case DnsType.Srv:
                writer.Record(record.Owner, record.Type, ttl, w =>
                {
                    w.U16(record.Priority);
                    w.U16(record.Weight);
                    w.U16(record.Port);
                    w.Name(record.Target!);
                });
                break;
            case DnsType.Soa:
                // CoreDNS's values: ns.dns.<zone> hostmaster.<zone>, refresh 7200, retry 1800, expire 86400, minimum = ttl.
                writer.Record(record.Owner, record.Type, ttl, w =>
                {
                    w.Name("ns.dns." + _soaName);
                    w.Name("hostmaster." + _soaName);
                    w.U32((uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                    w.U32(7200);
                    w.U32(1800);
                    w.U32(86400);
                    w.U32((uint)ttl);
                });
                break;
            default:
                throw new InvalidOperationException($"cannot encode record type {record.Type}");
        }
    }
}
