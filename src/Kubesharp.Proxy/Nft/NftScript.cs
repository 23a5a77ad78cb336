using System.Globalization;
using System.Text;

namespace Kubesharp.Proxy.Nft;

/// <summary>
/// Writes <c>nft -f</c> transactions for the proxy's table. A full sync replaces the whole table
/// atomically (add + delete + add, so it works whether or not the table exists); an incremental
/// one rewrites only the chains, sets and elements of the services that changed.
/// </summary>
internal sealed class NftScript(ProxyOptions options)
{
    private readonly string _table = "ip " + options.TableName;

    public string Full(IEnumerable<ServiceRules> services, IEnumerable<string> hairpins)
    {
        var text = new StringBuilder(1 << 16);
        text.Append("add table ").Append(_table).Append('\n');
        text.Append("delete table ").Append(_table).Append('\n');
        AppendSkeleton(text);
        foreach (var service in services)
        {
            AppendAdd(text, service, null);
        }

        foreach (var address in hairpins)
        {
            AppendHairpin(text, "add", address);
        }

        return text.ToString();
    }

    /// <summary>The transaction that turns what <paramref name="old"/> programmed into <paramref name="next"/> (both of one service).</summary>
    public void AppendChange(StringBuilder text, ServiceRules old, ServiceRules next)
    {
        // Order matters inside one transaction: drop references (elements, then chain contents)
        // before deleting chains and sets, and only then build the new state.
        // Elements that stay exactly as they are are left alone (no window, and a smaller transaction).
        var nextElements = next.Elements.ToHashSet();
        foreach (var e in old.Elements.Where(e => !nextElements.Contains(e)))
        {
            text.Append("delete element ").Append(_table).Append(' ').Append(e.Map).Append(" { ").Append(e.Key).Append(" }\n");
        }

        foreach (var c in old.Chains)
        {
            text.Append("flush chain ").Append(_table).Append(' ').Append(c.Name).Append('\n');
        }

        var keepChains = next.Chains.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var c in old.Chains.Where(c => !keepChains.Contains(c.Name)))
        {
            text.Append("delete chain ").Append(_table).Append(' ').Append(c.Name).Append('\n');
        }

        // Sets that stay keep their contents: existing ClientIP affinities survive an unrelated change.
        var keepSets = next.Sets.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var s in old.Sets.Where(s => !keepSets.Contains(s.Name)))
        {
            text.Append("delete set ").Append(_table).Append(' ').Append(s.Name).Append('\n');
        }

        AppendAdd(text, next, old);
    }

    /// <summary>Adds or deletes (<paramref name="verb"/>) the hairpin pair of one endpoint address.</summary>
    public void AppendHairpin(StringBuilder text, string verb, string address) =>
        text.Append(verb).Append(" element ").Append(_table).Append(' ').Append(NftMaps.HairpinPairs)
            .Append(" { ").Append(address).Append(" . ").Append(address).Append(" }\n");

    private void AppendAdd(StringBuilder text, ServiceRules service, ServiceRules? old)
    {
        var existingSets = old?.Sets.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var s in service.Sets)
        {
            if (existingSets?.Contains(s.Name) == true)
            {
                continue;
            }

            text.Append("add set ").Append(_table).Append(' ').Append(s.Name)
                .Append(" { type ipv4_addr ; flags dynamic,timeout ; timeout ")
                .Append(s.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)).Append("s ; }\n");
        }

        // Chains first (all of them), then rules: a service chain's vmap names endpoint chains.
        foreach (var c in service.Chains)
        {
            text.Append("add chain ").Append(_table).Append(' ').Append(c.Name).Append('\n');
        }

        foreach (var c in service.Chains)
        {
            foreach (var rule in c.Rules)
            {
                text.Append("add rule ").Append(_table).Append(' ').Append(c.Name).Append(' ').Append(rule).Append('\n');
            }
        }

        var existingElements = old?.Elements.ToHashSet();
        foreach (var e in service.Elements.Where(e => existingElements?.Contains(e) != true))
        {
            text.Append("add element ").Append(_table).Append(' ').Append(e.Map).Append(" { ").Append(e.Key).Append(" : ").Append(e.Verdict).Append(" }\n");
        }
    }

    private void AppendSkeleton(StringBuilder text)
    {
        var t = _table;
        var mark = "0x" + options.MasqueradeMark.ToString("x", CultureInfo.InvariantCulture);
        text.Append(CultureInfo.InvariantCulture, $$"""
            add table {{t}} { comment "kubesharp service proxy: rules for Services" ; }
            add map {{t}} {{NftMaps.ServiceIps}} { type ipv4_addr . inet_proto . inet_service : verdict ; }
            add map {{t}} {{NftMaps.NodePorts}} { type inet_proto . inet_service : verdict ; }
            add map {{t}} {{NftMaps.NoEndpointServices}} { type ipv4_addr . inet_proto . inet_service : verdict ; }
            add map {{t}} {{NftMaps.NoEndpointNodePorts}} { type inet_proto . inet_service : verdict ; }
            add set {{t}} {{NftMaps.NodeIps}} { type ipv4_addr ; }
            add map {{t}} {{NftMaps.ServiceBackends}} { typeof ip daddr . meta l4proto . th dport . numgen random mod 2 : ip daddr . th dport ; }
            add map {{t}} {{NftMaps.NodePortBackends}} { typeof meta l4proto . th dport . numgen random mod 2 : ip daddr . th dport ; }
            add set {{t}} {{NftMaps.HairpinPairs}} { type ipv4_addr . ipv4_addr ; }
            add chain {{t}} {{NftMaps.MarkForMasquerade}}
            add rule {{t}} {{NftMaps.MarkForMasquerade}} meta mark set meta mark or {{mark}}
            add chain {{t}} masquerading
            add rule {{t}} masquerading meta mark and {{mark}} == 0 return
            add rule {{t}} masquerading meta mark set meta mark xor {{mark}}
            add rule {{t}} masquerading masquerade fully-random
            add chain {{t}} services
            add rule {{t}} services ip daddr . meta l4proto . th dport vmap @{{NftMaps.ServiceIps}}
            add rule {{t}} services ip daddr @{{NftMaps.NodeIps}} meta l4proto . th dport vmap @{{NftMaps.NodePorts}}
            add chain {{t}} {{NftMaps.Reject}}
            add rule {{t}} {{NftMaps.Reject}} reject
            add chain {{t}} endpoints-check
            add rule {{t}} endpoints-check ip daddr . meta l4proto . th dport vmap @{{NftMaps.NoEndpointServices}}
            add rule {{t}} endpoints-check ip daddr @{{NftMaps.NodeIps}} meta l4proto . th dport vmap @{{NftMaps.NoEndpointNodePorts}}
            add chain {{t}} nat-prerouting { type nat hook prerouting priority dstnat ; }
            add rule {{t}} nat-prerouting jump services
            add chain {{t}} nat-output { type nat hook output priority -100 ; }
            add rule {{t}} nat-output jump services
            add chain {{t}} nat-postrouting { type nat hook postrouting priority srcnat ; }
            add rule {{t}} nat-postrouting ct status dnat ip saddr . ip daddr @{{NftMaps.HairpinPairs}} masquerade fully-random
            add rule {{t}} nat-postrouting jump masquerading
            add chain {{t}} filter-input { type filter hook input priority -110 ; }
            add rule {{t}} filter-input ct state new jump endpoints-check
            add chain {{t}} filter-forward { type filter hook forward priority -110 ; }
            add rule {{t}} filter-forward ct state new jump endpoints-check
            add chain {{t}} filter-output { type filter hook output priority -110 ; }
            add rule {{t}} filter-output ct state new jump endpoints-check

            """);
        AppendSharedBalancing(text);
        if (options.NodeAddresses.Count > 0)
        {
            text.Append("add element ").Append(t).Append(' ').Append(NftMaps.NodeIps).Append(" { ")
                .Append(string.Join(", ", options.NodeAddresses)).Append(" }\n");
        }
    }

    /// <summary>The shared balancing chains, one per endpoint count and entry kind (see <see cref="NftMaps.MaxMappedEndpoints"/>).</summary>
    private void AppendSharedBalancing(StringBuilder text)
    {
        const string Protocols = "meta l4proto { tcp, udp, sctp }";
        for (var n = 1; n <= NftMaps.MaxMappedEndpoints; n++)
        {
            var pick = "numgen random mod " + n.ToString(CultureInfo.InvariantCulture);
            var toService = $"{Protocols} dnat ip to ip daddr . meta l4proto . th dport . {pick} map @{NftMaps.ServiceBackends}";
            var toNodePort = $"{Protocols} dnat ip to meta l4proto . th dport . {pick} map @{NftMaps.NodePortBackends}";
            AppendChain(text, NftMaps.ClusterBalance(n), $"ip saddr != {options.ClusterCidr} jump {NftMaps.MarkForMasquerade}", toService);
            AppendChain(text, NftMaps.ExternalBalance(n), "jump " + NftMaps.MarkForMasquerade, toService);
            AppendChain(text, NftMaps.NodePortBalance(n), "jump " + NftMaps.MarkForMasquerade, toNodePort);
        }
    }

    private void AppendChain(StringBuilder text, string name, params string[] rules)
    {
        text.Append("add chain ").Append(_table).Append(' ').Append(name).Append('\n');
        foreach (var rule in rules)
        {
            text.Append("add rule ").Append(_table).Append(' ').Append(name).Append(' ').Append(rule).Append('\n');
        }
    }
}
