namespace Kubesharp.Proxy.Model;

/// <summary>One ready endpoint address with its ports by name (from EndpointSlices).</summary>
internal sealed record EndpointInfo(string Address, string? NodeName, IReadOnlyDictionary<string, int> PortsByName)
{
    public bool IsLocal(string nodeName) => string.Equals(NodeName, nodeName, StringComparison.Ordinal);
}
