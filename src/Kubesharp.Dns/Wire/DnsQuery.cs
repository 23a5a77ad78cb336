namespace Kubesharp.Dns.Wire;

/// <summary>
/// What the server needs of a query, read without allocating: the question's raw bytes (echoed
/// back in the response), its type, and the name written lowercased and dotted into a caller's
/// buffer together with the type, as the cache key.
/// </summary>
internal readonly ref struct DnsQuery
{
    public DnsQuery(ushort id, bool recursionDesired, ReadOnlySpan<byte> question, ushort type, int nameLength)
    {
        Id = id;
        RecursionDesired = recursionDesired;
        Question = question;
        Type = type;
        NameLength = nameLength;
    }

    public ushort Id { get; }

    public bool RecursionDesired { get; }

    /// <summary>QNAME + QTYPE + QCLASS exactly as received.</summary>
    public ReadOnlySpan<byte> Question { get; }

    public ushort Type { get; }

    /// <summary>Characters of the dotted name in the key buffer (the type follows it).</summary>
    public int NameLength { get; }
}
