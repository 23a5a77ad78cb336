using System.Net;

namespace Kubesharp.Dns.Records;

/// <summary>One answer record before encoding; <see cref="Owner"/> null means the question's name.</summary>
internal sealed record ResourceRecord(string? Owner, ushort Type)
{
    public IPAddress? Address { get; init; }

    /// <summary>CNAME / PTR target, or SRV target.</summary>
    public string? Target { get; init; }

    public ushort Priority { get; init; }

    public ushort Weight { get; init; }

    public ushort Port { get; init; }
}
