using System.Globalization;
using Kubesharp.Proxy.Model;

namespace Kubesharp.Proxy.Nft;

/// <summary>
/// Turns one Service and its ready endpoints into chains and map elements. Most services (no
/// ClientIP affinity, at most <see cref="NftMaps.MaxMappedEndpoints"/> endpoints) get no chain of
/// their own: a map hit jumps to a shared chain for their endpoint count, which DNATs through
/// <c>numgen random mod N</c> into a backend map (hairpin traffic is masqueraded in postrouting
/// from a set of endpoint pairs). The others get upstream kube-proxy's shape: a per-port service
/// chain that picks an endpoint after any affinity match. Pure: same input, same text.
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
        var hairpins = elements.Any(e => e.Map is NftMaps.ServiceBackends or NftMaps.NodePortBackends)
            ? endpoints.Select(e => e.Address).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : [];
        return new ServiceRules(service.Key, chains, sets, elements) { UdpFlows = udp, Hairpins = hairpins };
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

                targets.Add(new Target(e, target.ToString(CultureInfo.InvariantCulture), affinitySet));
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

        var mapped = service.AffinitySeconds == 0 && targets.Count <= NftMaps.MaxMappedEndpoints;
        if (mapped)
        {
            if (service.ClusterIp is not null)
            {
                AddMapped(elements, NftMaps.ServiceIps, $"{service.ClusterIp} . {key}", NftMaps.ClusterBalance(targets.Count), targets);
            }
        }
        else
        {
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
        }

        if (externalKeys.Count == 0)
        {
            return;
        }

        if (mapped && !service.LocalOnly)
        {
            foreach (var e in externalKeys)
            {
                var nodePort = e.Map == NftMaps.NodePorts;
                AddMapped(elements, e.Map, e.Key, nodePort ? NftMaps.NodePortBalance(targets.Count) : NftMaps.ExternalBalance(targets.Count), targets);
            }

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

    /// <summary>The entry element (<paramref name="key"/> → the shared chain) and one backend element per endpoint, indexed as numgen counts.</summary>
    private static void AddMapped(List<NftElement> elements, string entryMap, string key, string sharedChain, List<Target> targets)
    {
        elements.Add(new NftElement(entryMap, key, "goto " + sharedChain));
        var backends = entryMap == NftMaps.NodePorts ? NftMaps.NodePortBackends : NftMaps.ServiceBackends;
        for (var i = 0; i < targets.Count; i++)
        {
            elements.Add(new NftElement(backends, $"{key} . {i.ToString(CultureInfo.InvariantCulture)}", $"{targets[i].Endpoint.Address} . {targets[i].Port}"));
        }
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

    private sealed record Target(EndpointInfo Endpoint, string Port, string? AffinitySet)
    {
        public string Destination => $"{Endpoint.Address}:{Port}";
    }
}
