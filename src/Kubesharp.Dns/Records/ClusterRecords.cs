using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Kubesharp.Client.Rest;
using Kubesharp.Dns.Wire;

namespace Kubesharp.Dns.Records;

/// <summary>
/// The cluster zone, answered from Services and EndpointSlices as CoreDNS's kubernetes plugin
/// does (schema: https://github.com/kubernetes/dns/blob/master/docs/specification.md). Objects go
/// in from informers (or tests); <see cref="Changed"/> fires so cached encodings are dropped.
/// </summary>
internal sealed class ClusterRecords(DnsOptions options)
{
    private const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _slices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _slicesByService = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _namespaces = new(StringComparer.Ordinal);
    private readonly string _domain = options.ClusterDomain.Trim('.').ToLowerInvariant();
    private Dictionary<string, string>? _reverse;

    public event Action? Changed;

    public void SetService(JsonObject service) => Update(() =>
    {
        var key = ObjectKeys.Key(service);
        if (_services.TryAdd(key, service))
        {
            AdjustNamespace(ObjectKeys.Namespace(service) ?? "", 1);
        }
        else
        {
            _services[key] = service;
        }
    });

    public void RemoveService(JsonObject service) => Update(() =>
    {
        if (_services.Remove(ObjectKeys.Key(service)))
        {
            AdjustNamespace(ObjectKeys.Namespace(service) ?? "", -1);
        }
    });

    public void SetSlice(JsonObject slice) => Update(() =>
    {
        var key = ObjectKeys.Key(slice);
        Unindex(key);
        _slices[key] = slice;
        if (ServiceOf(slice) is { } service)
        {
            if (!_slicesByService.TryGetValue(service, out var set))
            {
                _slicesByService[service] = set = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            }

            set[key] = slice;
        }
    });

    public void RemoveSlice(JsonObject slice) => Update(() =>
    {
        var key = ObjectKeys.Key(slice);
        Unindex(key);
        _slices.Remove(key);
    });

    /// <summary>The answer for <paramref name="name"/> (lowercase, no trailing dot) and <paramref name="type"/>.</summary>
    public DnsAnswer Resolve(string name, ushort type)
    {
        lock (_gate)
        {
            if (name.EndsWith(".in-addr.arpa", StringComparison.Ordinal))
            {
                return Reverse(name, type);
            }

            if (name == _domain)
            {
                return type == DnsType.Soa ? new DnsAnswer(DnsRcode.NoError, true, [new ResourceRecord(null, DnsType.Soa)], []) : Empty(DnsRcode.NoError);
            }

            if (!name.EndsWith("." + _domain, StringComparison.Ordinal))
            {
                return options.Upstream is null ? DnsAnswer.Empty(DnsRcode.Refused, false) : new DnsAnswer(DnsRcode.NoError, false, [], [], Forward: true);
            }

            var labels = name[..^(_domain.Length + 1)].Split('.');
            return labels switch
            {
                ["svc"] => Empty(DnsRcode.NoError),
                [var ns, "svc"] => Empty(_namespaces.ContainsKey(ns) ? DnsRcode.NoError : DnsRcode.NxDomain),
                [var svc, var ns, "svc"] => ServiceName(name, ns, svc, type),
                [var host, var svc, var ns, "svc"] => EndpointName(ns, svc, host, type),
                [var port, var proto, var svc, var ns, "svc"] when port.StartsWith('_') && proto.StartsWith('_') => Srv(ns, svc, port[1..], proto[1..], type),
                [var ip, _, "pod"] => PodName(ip, type),
                _ => Empty(DnsRcode.NxDomain),
            };
        }
    }

    private DnsAnswer ServiceName(string name, string ns, string svc, ushort type)
    {
        if (!_services.TryGetValue(ns + "/" + svc, out var service))
        {
            return Empty(DnsRcode.NxDomain);
        }

        var spec = service["spec"] as JsonObject ?? [];
        if (Str(spec, "type") == "ExternalName" && Str(spec, "externalName") is { } external)
        {
            return new DnsAnswer(DnsRcode.NoError, true, [new ResourceRecord(null, DnsType.Cname) { Target = external.TrimEnd('.') }], []);
        }

        if (type == DnsType.Srv)
        {
            var all = Ports(spec).Where(p => p.Name.Length > 0).SelectMany(p => SrvRecords(ns, svc, service, p)).ToList();
            return Records(all.Select(r => r.Srv).ToList(), all.SelectMany(r => r.Glue).ToList());
        }

        if (type != DnsType.A && type != DnsType.Any)
        {
            return Empty(DnsRcode.NoError);
        }

        var ip = Str(spec, "clusterIP");
        if (ip is not null && ip != "None")
        {
            return IsIPv4(ip, out var address) ? Records([new ResourceRecord(null, DnsType.A) { Address = address }], []) : Empty(DnsRcode.NoError);
        }

        return Records(Endpoints(ns, svc, service).Select(e => new ResourceRecord(null, DnsType.A) { Address = e.Address }).ToList(), []);
    }

    private DnsAnswer EndpointName(string ns, string svc, string host, ushort type)
    {
        if (!_services.TryGetValue(ns + "/" + svc, out var service))
        {
            return Empty(DnsRcode.NxDomain);
        }

        var matches = Endpoints(ns, svc, service).Where(e => e.Host == host).ToList();
        if (matches.Count == 0)
        {
            return Empty(DnsRcode.NxDomain);
        }

        return type is DnsType.A or DnsType.Any
            ? Records(matches.Select(e => new ResourceRecord(null, DnsType.A) { Address = e.Address }).ToList(), [])
            : Empty(DnsRcode.NoError);
    }

    private DnsAnswer Srv(string ns, string svc, string port, string proto, ushort type)
    {
        if (!_services.TryGetValue(ns + "/" + svc, out var service))
        {
            return Empty(DnsRcode.NxDomain);
        }

        var matching = Ports(service["spec"] as JsonObject ?? []).Where(p => p.Name == port && p.Protocol.Equals(proto, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matching.Count == 0)
        {
            return Empty(DnsRcode.NxDomain);
        }

        if (type != DnsType.Srv && type != DnsType.Any)
        {
            return Empty(DnsRcode.NoError);
        }

        var all = matching.SelectMany(p => SrvRecords(ns, svc, service, p)).ToList();
        return Records(all.Select(r => r.Srv with { Owner = null }).ToList(), all.SelectMany(r => r.Glue).ToList());
    }

    /// <summary>A ClusterIP service: one SRV to the service name; headless: one per endpoint, to its own name.</summary>
    private IEnumerable<(ResourceRecord Srv, IReadOnlyList<ResourceRecord> Glue)> SrvRecords(string ns, string svc, JsonObject service, (string Name, string Protocol, int Port) port)
    {
        var serviceName = $"{svc}.{ns}.svc.{_domain}";
        var owner = $"_{port.Name}._{port.Protocol.ToLowerInvariant()}.{serviceName}";
        var ip = Str(service["spec"] as JsonObject ?? [], "clusterIP");
        if (ip is not null && ip != "None")
        {
            var glue = IsIPv4(ip, out var a) ? new[] { new ResourceRecord(serviceName, DnsType.A) { Address = a } } : [];
            yield return (new ResourceRecord(owner, DnsType.Srv) { Priority = 0, Weight = 100, Port = (ushort)port.Port, Target = serviceName }, glue);
            yield break;
        }

        var endpoints = Endpoints(ns, svc, service).Where(e => e.Ports.ContainsKey(port.Name)).ToList();
        foreach (var e in endpoints)
        {
            var target = $"{e.Host}.{serviceName}";
            yield return (
                new ResourceRecord(owner, DnsType.Srv) { Priority = 0, Weight = (ushort)(100 / endpoints.Count), Port = (ushort)e.Ports[port.Name], Target = target },
                [new ResourceRecord(target, DnsType.A) { Address = e.Address }]);
        }
    }

    private static DnsAnswer PodName(string dashed, ushort type)
    {
        // CoreDNS "pods insecure": any dashed IPv4 address answers itself.
        if (!IsIPv4(dashed.Replace('-', '.'), out var address) || dashed.Contains('.', StringComparison.Ordinal))
        {
            return Empty(DnsRcode.NxDomain);
        }

        return type is DnsType.A or DnsType.Any ? Records([new ResourceRecord(null, DnsType.A) { Address = address }], []) : Empty(DnsRcode.NoError);
    }

    private DnsAnswer Reverse(string name, ushort type)
    {
        var octets = name[..^".in-addr.arpa".Length].Split('.');
        if (octets.Length != 4)
        {
            return Empty(DnsRcode.NxDomain);
        }

        _reverse ??= BuildReverse();
        var ip = string.Join('.', octets.Reverse());
        if (!_reverse.TryGetValue(ip, out var target))
        {
            return Empty(DnsRcode.NxDomain);
        }

        return type is DnsType.Ptr or DnsType.Any ? Records([new ResourceRecord(null, DnsType.Ptr) { Target = target }], []) : Empty(DnsRcode.NoError);
    }

    private Dictionary<string, string> BuildReverse()
    {
        var reverse = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, service) in _services.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var (ns, svc) = ObjectKeys.Split(key);
            var serviceName = $"{svc}.{ns}.svc.{_domain}";
            var ip = Str(service["spec"] as JsonObject ?? [], "clusterIP");
            if (ip is not null && ip != "None")
            {
                reverse.TryAdd(ip, serviceName);
                continue;
            }

            foreach (var e in Endpoints(ns ?? "", svc, service))
            {
                reverse.TryAdd(e.Address.ToString(), $"{e.Host}.{serviceName}");
            }
        }

        return reverse;
    }

    private List<(IPAddress Address, string Host, Dictionary<string, int> Ports)> Endpoints(string ns, string svc, JsonObject service)
    {
        var publishNotReady = service["spec"]?["publishNotReadyAddresses"] is JsonValue p && p.TryGetValue<bool>(out var b) && b;
        var result = new List<(IPAddress, string, Dictionary<string, int>)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var slices = _slicesByService.TryGetValue(ns + "/" + svc, out var set) ? set.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value) : [];
        foreach (var slice in slices)
        {
            if (Str(slice, "addressType") is "IPv6" or "FQDN")
            {
                continue;
            }

            var ports = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var sp in (slice["ports"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (sp["port"] is JsonValue v && v.TryGetValue<int>(out var number))
                {
                    ports[Str(sp, "name") ?? ""] = number;
                }
            }

            foreach (var e in (slice["endpoints"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var ready = !(e["conditions"]?["ready"] is JsonValue r && r.TryGetValue<bool>(out var isReady) && !isReady);
                if ((!ready && !publishNotReady) || e["addresses"] is not JsonArray { Count: > 0 } addresses
                    || addresses[0]?.GetValue<string>() is not { } text || !IsIPv4(text, out var address) || !seen.Add(text))
                {
                    continue;
                }

                result.Add((address, Str(e, "hostname") ?? text.Replace('.', '-'), ports));
            }
        }

        return result.OrderBy(e => e.Item1.ToString(), StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<(string Name, string Protocol, int Port)> Ports(JsonObject spec) =>
        (spec["ports"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(p => p["port"] is JsonValue v && v.TryGetValue<int>(out _))
            .Select(p => (Str(p, "name") ?? "", Str(p, "protocol") ?? "TCP", p["port"]!.GetValue<int>()));

    private static DnsAnswer Records(List<ResourceRecord> answers, List<ResourceRecord> additional) =>
        new(DnsRcode.NoError, true, answers, additional);

    private static DnsAnswer Empty(int rcode) => DnsAnswer.Empty(rcode, true);

    private void Update(Action change)
    {
        lock (_gate)
        {
            change();
            _reverse = null;
        }

        Changed?.Invoke();
    }

    private void Unindex(string sliceKey)
    {
        if (_slices.TryGetValue(sliceKey, out var old) && ServiceOf(old) is { } service && _slicesByService.TryGetValue(service, out var set))
        {
            set.Remove(sliceKey);
            if (set.Count == 0)
            {
                _slicesByService.Remove(service);
            }
        }
    }

    private static string? ServiceOf(JsonObject slice) =>
        slice["metadata"]?["labels"]?[ServiceNameLabel] is JsonValue v && v.TryGetValue<string>(out var name) ? ObjectKeys.Key(ObjectKeys.Namespace(slice), name) : null;

    private void AdjustNamespace(string ns, int delta)
    {
        var count = _namespaces.GetValueOrDefault(ns) + delta;
        if (count <= 0)
        {
            _namespaces.Remove(ns);
        }
        else
        {
            _namespaces[ns] = count;
        }
    }

    private static bool IsIPv4(string text, out IPAddress address) =>
        IPAddress.TryParse(text, out address!) && address.AddressFamily == AddressFamily.InterNetwork;

    private static string? Str(JsonObject o, string field) => o[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
