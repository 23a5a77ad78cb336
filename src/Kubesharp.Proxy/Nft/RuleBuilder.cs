using System.Globalization;
using Kubesharp.Proxy.Model;

namespace Kubesharp.Proxy.Nft;

/// <summary>
/// Turns one Service and its ready endpoints into chains and map elements, in the shape of
/// upstream kube-proxy's nftables mode: a map hit jumps to a per-port service chain, which picks a
/// per-endpoint chain with <c>numgen random</c> (after any ClientIP affinity match); the endpoint
/// chain marks hairpin traffic for masquerade and DNATs. Pure: same input, same text.
/// </summary>
internal static class RuleBuilder
{
    public static ServiceRules Build(ServiceInfo service, IReadOnlyList<EndpointInfo> endpoints, ProxyOptions options)
    {
        var chains = new List<NftChain>();
        var sets = new List<NftSet>();
        var elements = new List<NftElement>();
        foreach (var port in service.Ports)
        {
            BuildPort(service, port, endpoints, options, chains, sets, elements);
        }

        return new ServiceRules(service.Key, chains, sets, elements);
    }

    private static void BuildPort(ServiceInfo service, ServicePortInfo port, IReadOnlyList<EndpointInfo> endpoints, ProxyOptions options, List<NftChain> chains, List<NftSet> sets, List<NftElement> elements)
    {
        var id = $"{service.Key}/{port.Protocol}/{port.Port.ToString(CultureInfo.InvariantCulture)}";
        var serviceChain = "svc/" + id;
        var externalChain = "ext/" + id;
        var targets = new List<(EndpointInfo Endpoint, string Chain)>();
        foreach (var e in endpoints)
        {
            if (e.PortsByName.TryGetValue(port.Name, out var target))
            {
                targets.Add((e, $"ep/{id}/{e.Address}/{target.ToString(CultureInfo.InvariantCulture)}"));
                var rules = new List<string>(3);
                if (service.AffinitySeconds > 0)
                {
                    var set = "aff/" + targets[^1].Chain[3..];
                    sets.Add(new NftSet(set, service.AffinitySeconds));
                    rules.Add($"update @{set} {{ ip saddr }}");
                }

                rules.Add($"ip saddr {e.Address} jump {NftMaps.MarkForMasquerade}");
                rules.Add($"meta l4proto {port.Protocol} dnat to {e.Address}:{target.ToString(CultureInfo.InvariantCulture)}");
                chains.Add(new NftChain(targets[^1].Chain, rules));
            }
        }

        var key = $"{port.Protocol} . {port.Port.ToString(CultureInfo.InvariantCulture)}";
        var externalKeys = new List<NftElement>();
        if (service.LoadBalancer)
        {
            externalKeys.AddRange(options.NodeAddresses.Select(a => new NftElement(NftMaps.ServiceIps, $"{a} . {key}", "")));
        }

        externalKeys.AddRange(service.ExternalIps.Select(a => new NftElement(NftMaps.ServiceIps, $"{a} . {key}", "")));
        if (service.ExternalNodePorts && port.NodePort > 0)
        {
            externalKeys.Add(new NftElement(NftMaps.NodePorts, $"{port.Protocol} . {port.NodePort.ToString(CultureInfo.InvariantCulture)}", ""));
        }

        if (targets.Count == 0)
        {
            // No endpoints: reject (ICMP port unreachable, so TCP clients see "connection refused" at once).
            if (service.ClusterIp is not null)
            {
                elements.Add(new NftElement(NftMaps.NoEndpointServices, $"{service.ClusterIp} . {key}", "goto " + NftMaps.Reject));
            }

            elements.AddRange(externalKeys.Select(e => e with
            {
                Map = e.Map == NftMaps.NodePorts ? NftMaps.NoEndpointNodePorts : NftMaps.NoEndpointServices,
                Verdict = "goto " + NftMaps.Reject,
            }));
            return;
        }

        var serviceRules = new List<string>();
        if (service.ClusterIp is not null)
        {
            // Traffic from outside the pod network (the host, another node) must come back through us.
            serviceRules.Add($"ip daddr {service.ClusterIp} ip saddr != {options.ClusterCidr} jump {NftMaps.MarkForMasquerade}");
        }

        AddBalancing(serviceRules, targets, service.AffinitySeconds > 0);
        chains.Add(new NftChain(serviceChain, serviceRules));
        if (service.ClusterIp is not null)
        {
            elements.Add(new NftElement(NftMaps.ServiceIps, $"{service.ClusterIp} . {key}", "goto " + serviceChain));
        }

        if (externalKeys.Count == 0)
        {
            return;
        }

        var externalRules = new List<string>();
        if (service.LocalOnly)
        {
            // externalTrafficPolicy: Local keeps the client address, so no masquerade, and only
            // this node's endpoints qualify; with none here the packet is dropped (as upstream).
            var local = targets.Where(t => t.Endpoint.IsLocal(options.NodeName)).ToList();
            if (local.Count == 0)
            {
                externalRules.Add("drop");
            }
            else
            {
                AddBalancing(externalRules, local, service.AffinitySeconds > 0);
            }
        }
        else
        {
            externalRules.Add("jump " + NftMaps.MarkForMasquerade);
            externalRules.Add("goto " + serviceChain);
        }

        chains.Add(new NftChain(externalChain, externalRules));
        elements.AddRange(externalKeys.Select(e => e with { Verdict = "goto " + externalChain }));
    }

    private static void AddBalancing(List<string> rules, List<(EndpointInfo Endpoint, string Chain)> targets, bool affinity)
    {
        if (affinity)
        {
            foreach (var (_, chain) in targets)
            {
                rules.Add($"ip saddr @aff/{chain[3..]} goto {chain}");
            }
        }

        if (targets.Count == 1)
        {
            rules.Add("goto " + targets[0].Chain);
            return;
        }

        var vmap = string.Join(", ", targets.Select((t, i) => $"{i.ToString(CultureInfo.InvariantCulture)} : goto {t.Chain}"));
        rules.Add($"numgen random mod {targets.Count.ToString(CultureInfo.InvariantCulture)} vmap {{ {vmap} }}");
    }
}
