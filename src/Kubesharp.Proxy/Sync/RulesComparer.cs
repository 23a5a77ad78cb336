using Kubesharp.Proxy.Nft;

namespace Kubesharp.Proxy.Sync;

/// <summary>Structural equality of two services' rules, so an update that changes nothing the proxy programs costs no transaction.</summary>
internal static class RulesComparer
{
    public static bool Same(ServiceRules a, ServiceRules b) =>
        a.Sets.SequenceEqual(b.Sets)
        && a.Elements.SequenceEqual(b.Elements)
        && a.Hairpins.SequenceEqual(b.Hairpins, StringComparer.Ordinal)
        && a.Chains.Count == b.Chains.Count
        && a.Chains.Zip(b.Chains).All(p => p.First.Name == p.Second.Name && p.First.Rules.SequenceEqual(p.Second.Rules));
}
