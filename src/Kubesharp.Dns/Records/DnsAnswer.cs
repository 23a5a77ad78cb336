namespace Kubesharp.Dns.Records;

/// <summary>What the cluster zone says about one name and type, before encoding.</summary>
/// <param name="Rcode">NOERROR (with or without answers), NXDOMAIN, REFUSED ...</param>
/// <param name="Authoritative">Inside the cluster zone (AA set, SOA in authority when empty).</param>
/// <param name="Forward">Outside the zone and an upstream is configured: relay the query.</param>
internal sealed record DnsAnswer(int Rcode, bool Authoritative, IReadOnlyList<ResourceRecord> Answers, IReadOnlyList<ResourceRecord> Additional, bool Forward = false)
{
    public static DnsAnswer Empty(int rcode, bool authoritative) => new(rcode, authoritative, [], []);
}
