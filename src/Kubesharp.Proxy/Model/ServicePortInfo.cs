namespace Kubesharp.Proxy.Model;

/// <summary>One port of a Service as the proxy programs it.</summary>
/// <param name="Name">spec.ports[].name ("" when unnamed); matches the EndpointSlice port of the same name.</param>
/// <param name="Protocol">nft protocol: tcp, udp or sctp.</param>
internal sealed record ServicePortInfo(string Name, string Protocol, int Port, int NodePort);
