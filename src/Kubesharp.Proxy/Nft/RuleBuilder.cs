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

        var udp = service.ClusterIp is { } ip && service.Ports.Any(p => p.Protocol == "udp")
            ? endpoints.Select(e => (ip, e.Address)).ToList()
            : [];
        return new ServiceRules(service.Key, chains, sets, elements) { UdpFlows = udp };
    }

    private static void BuildPort(ServiceInfo service, ServicePortInfo port, IReadOnlyList<EndpointInfo> endpoints, ProxyOptions options, List<NftChain> chains, List<NftSet> sets, List<NftElement> elements)
    {
        var id = $"{service.Key}/{port.Protocol}/{port.Port.ToString(CultureInfo.InvariantCulture)}";
        var serviceChain = "svc/" + id;
        var externalChain = "ext/" + id;
        var targets = new List<Target>();
        foreach (var e in endpoints)
        {
            if (e.PortsByName.TryGetValue(port.Name, out var target))
            {
                var affinitySet = service.AffinitySeconds > 0 ? $"aff/{id}/{e.Address}/{target.ToString(CultureInfo.InvariantCulture)}" : null;
                if (affinitySet is not null)
                {
                    sets.Add(new NftSet(affinitySet, service.AffinitySeconds));
                }

                targets.Add(new Target(e, $"{e.Address}:{target.ToString(CultureInfo.InvariantCulture)}", affinitySet));
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

        AddBalancing(serviceRules, targets, port.Protocol);
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
                AddBalancing(externalRules, local, port.Protocol);
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

    /// <summary>
    /// Endpoints inline in the chain (no chain per endpoint: the nft CLI reads every chain of the
    /// table before each transaction, so fewer chains keep incremental syncs fast). Random choice
    /// without anonymous vmaps (the kernel names anonymous sets in quadratic time): rule i of N
    /// takes 1/(N-i) of what reaches it, which is uniform overall, as iptables' statistic mode.
    /// </summary>
    private static void AddBalancing(List<string> rules, List<Target> targets, string protocol)
    {
        foreach (var t in targets)
        {
            // Hairpin: a pod reaching its own service must see the reply come back through us.
            rules.Add($"ip saddr {t.Endpoint.Address} jump {NftMaps.MarkForMasquerade}");
        }

        foreach (var t in targets.Where(t => t.AffinitySet is not null))
        {
            rules.Add($"ip saddr @{t.AffinitySet} update @{t.AffinitySet} {{ ip saddr }} meta l4proto {protocol} dnat to {t.Destination}");
        }

        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            var pick = i < targets.Count - 1 ? $"numgen random mod {(targets.Count - i).ToString(CultureInfo.InvariantCulture)} == 0 " : "";
            var remember = t.AffinitySet is null ? "" : $"update @{t.AffinitySet} {{ ip saddr }} ";
            rules.Add($"{pick}{remember}meta l4proto {protocol} dnat to {t.Destination}");
        }
    }

    private sealed record Target(EndpointInfo Endpoint, string Destination, string? AffinitySet);
}
