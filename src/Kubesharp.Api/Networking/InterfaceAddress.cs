using System.Net;

namespace Kubesharp.Api.Networking;

/// <summary>One address of an interface and the prefix length of its subnet (10.99.0.1/24: on-link for 10.99.0.0/24).</summary>
public sealed record InterfaceAddress(IPAddress Address, int PrefixLength);
