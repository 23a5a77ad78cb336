using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.Client.Rest;
using Kubesharp.Proxy.Model;
using Kubesharp.Proxy.Nft;

namespace Kubesharp.Proxy.Sync;

/// <summary>
/// The proxy's state machine: Services and EndpointSlices go in (from informers, or straight from a
/// test or benchmark), <see cref="SyncAsync"/> turns what changed into one nft transaction. It
/// remembers what it programmed per Service, so a change rewrites only that Service's chains and
/// elements; the first sync, and any sync after a failure, replaces the whole table.
/// </summary>
internal sealed class ProxyEngine(ProxyOptions options, INftRunner nft, IConntrack? conntrack = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _slices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _slicesByService = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly System.Threading.Channels.Channel<bool> _work = System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });

    // Touched only by the single caller of SyncAsync.
    private readonly Dictionary<string, ServiceRules> _programmed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _hairpinRefs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _blocked = new(StringComparer.Ordinal);
    private readonly NftScript _script = new(options);
    private bool _needFull = true;

    public int ServiceCount
    {
        get
        {
            lock (_gate)
            {
                return _services.Count;
            }
        }
    }

    public void SetService(JsonObject service) => Change(() => _services[ObjectKeys.Key(service)] = service, ObjectKeys.Key(service));

    public void RemoveService(JsonObject service) => Change(() => _services.Remove(ObjectKeys.Key(service)), ObjectKeys.Key(service));

    public void SetSlice(JsonObject slice)
    {
        var key = ObjectKeys.Key(slice);
        lock (_gate)
        {
            var old = _slices.TryGetValue(key, out var previous) ? ServiceModel.SliceServiceKey(previous) : null;
            var next = ServiceModel.SliceServiceKey(slice);
            _slices[key] = slice;
            Unindex(old, key);
            if (next is not null)
            {
                Index(next, key);
                _dirty.Add(next);
            }
        }

        Signal();
    }

    public void RemoveSlice(JsonObject slice)
    {
        var key = ObjectKeys.Key(slice);
        lock (_gate)
        {
            if (_slices.Remove(key, out var previous) && ServiceModel.SliceServiceKey(previous) is { } service)
            {
                Unindex(service, key);
                _dirty.Add(service);
            }
        }

        Signal();
    }

    /// <summary>The next sync replaces the whole table (after an error, or on request).</summary>
    public void RequestFullSync()
    {
        _needFull = true;
        Signal();
    }

    /// <summary>Completes when there is something to sync.</summary>
    public async Task WaitForWorkAsync(CancellationToken cancellationToken) => await _work.Reader.ReadAsync(cancellationToken);

    /// <summary>Applies pending changes in one transaction; returns how many services it rewrote (all of them on a full sync).</summary>
    public async Task<SyncResult> SyncAsync(CancellationToken cancellationToken)
    {
        var full = _needFull;
        List<(string Key, ServiceRules Rules)> changes;
        lock (_gate)
        {
            var keys = full ? _services.Keys.Order(StringComparer.Ordinal).ToList() : _dirty.Order(StringComparer.Ordinal).ToList();
            _dirty.Clear();
            changes = keys.Select(k => (k, BuildLocked(k))).ToList();
        }

        try
        {
            if (full)
            {
                await ApplyFullAsync(changes, cancellationToken);
                return new SyncResult(true, changes.Count);
            }

            return new SyncResult(false, await ApplyIncrementalAsync(changes, cancellationToken));
        }
        catch
        {
            // Also on cancellation: an incremental sync updates owners and hairpin counts in place
            // (copying them would cost as much as the whole table at 10,000 services), so whatever
            // did not land is rebuilt from scratch by the next, full sync.
            _needFull = true;
            throw;
        }
    }

    private async Task ApplyFullAsync(List<(string Key, ServiceRules Rules)> services, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        _blocked.Clear();
        var programmed = new Dictionary<string, ServiceRules>(StringComparer.Ordinal);
        foreach (var (key, rules) in services)
        {
            var claimed = Claim(rules, owners);
            if (!claimed.IsEmpty)
            {
                programmed[key] = claimed;
            }
        }

        var hairpins = new Dictionary<string, int>(StringComparer.Ordinal);
        CountHairpins(hairpins, programmed.Values, 1);
        await nft.ApplyAsync(_script.Full(programmed.Values, hairpins.Keys.Order(StringComparer.Ordinal)), cancellationToken);
        _needFull = false;
        Replace(_programmed, programmed);
        Replace(_owners, owners);
        Replace(_hairpinRefs, hairpins);
    }

    private async Task<int> ApplyIncrementalAsync(List<(string Key, ServiceRules Rules)> changes, CancellationToken cancellationToken)
    {
        var ownersBefore = _owners.Count;
        var text = new StringBuilder();
        var applied = new List<(string Key, ServiceRules Rules)>();
        foreach (var (key, rules) in changes)
        {
            var old = _programmed.GetValueOrDefault(key) ?? ServiceRules.Empty(key);
            foreach (var e in old.Elements)
            {
                _owners.Remove(e.Id);
            }

            var next = Claim(rules, _owners);
            if (RulesComparer.Same(old, next))
            {
                continue;
            }

            _script.AppendChange(text, old, next);
            applied.Add((key, next));
        }

        if (applied.Count == 0)
        {
            return 0;
        }

        var hairpinDeltas = new Dictionary<string, int>(StringComparer.Ordinal);
        CountHairpins(hairpinDeltas, applied.Select(a => _programmed.GetValueOrDefault(a.Key)).OfType<ServiceRules>(), -1);
        CountHairpins(hairpinDeltas, applied.Select(a => a.Rules), 1);
        foreach (var (address, delta) in hairpinDeltas.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var before = _hairpinRefs.GetValueOrDefault(address);
            var after = before + delta;
            if ((before == 0) != (after == 0))
            {
                _script.AppendHairpin(text, after == 0 ? "delete" : "add", address);
            }
        }

        await nft.ApplyAsync(text.ToString(), cancellationToken);
        foreach (var (address, delta) in hairpinDeltas)
        {
            var after = _hairpinRefs.GetValueOrDefault(address) + delta;
            if (after == 0)
            {
                _hairpinRefs.Remove(address);
            }
            else
            {
                _hairpinRefs[address] = after;
            }
        }

        var stale = new List<(string ServiceIp, string EndpointIp)>();
        foreach (var (key, rules) in applied)
        {
            stale.AddRange((_programmed.GetValueOrDefault(key)?.UdpFlows ?? []).Except(rules.UdpFlows));
        }

        var released = ownersBefore > _owners.Count || applied.Any(a => a.Rules.Elements.Count < (_programmed.GetValueOrDefault(a.Key)?.Elements.Count ?? 0));
        foreach (var (key, rules) in applied)
        {
            if (rules.IsEmpty)
            {
                _programmed.Remove(key);
            }
            else
            {
                _programmed[key] = rules;
            }
        }

        if (conntrack is not null)
        {
            foreach (var (serviceIp, endpointIp) in stale)
            {
                await conntrack.ForgetUdpAsync(serviceIp, endpointIp, cancellationToken);
            }
        }

        if (released && _blocked.Count > 0)
        {
            // An address:port another service was refused may be free now: let those try again.
            lock (_gate)
            {
                _dirty.UnionWith(_blocked);
            }

            Signal();
        }

        return applied.Count;
    }

    /// <summary>Keeps only the elements no other service holds (two services cannot share an address:port).</summary>
    private ServiceRules Claim(ServiceRules rules, Dictionary<string, string> owners)
    {
        var elements = new List<NftElement>(rules.Elements.Count);
        _blocked.Remove(rules.ServiceKey);
        foreach (var e in rules.Elements)
        {
            // Several elements of one service may claim one address:port (its backend elements).
            if (owners.TryAdd(e.Id, rules.ServiceKey) || owners[e.Id] == rules.ServiceKey)
            {
                elements.Add(e);
            }
            else
            {
                _blocked.Add(rules.ServiceKey);
            }
        }

        return elements.Count == rules.Elements.Count ? rules
            : rules with { Elements = elements, Hairpins = elements.Count == 0 ? [] : rules.Hairpins };
    }

    private static void CountHairpins(Dictionary<string, int> counts, IEnumerable<ServiceRules> services, int delta)
    {
        foreach (var service in services)
        {
            foreach (var address in service.Hairpins)
            {
                counts[address] = counts.GetValueOrDefault(address) + delta;
            }
        }
    }

    private ServiceRules BuildLocked(string key)
    {
        if (!_services.TryGetValue(key, out var service) || ServiceModel.ReadService(service) is not { } info)
        {
            return ServiceRules.Empty(key);
        }

        var slices = _slicesByService.TryGetValue(key, out var names) ? names.Order(StringComparer.Ordinal).Select(n => _slices[n]) : [];
        return RuleBuilder.Build(info, ServiceModel.ReadEndpoints(slices), options);
    }

    private void Change(Action change, string key)
    {
        lock (_gate)
        {
            change();
            _dirty.Add(key);
        }

        Signal();
    }

    private void Index(string service, string slice)
    {
        if (!_slicesByService.TryGetValue(service, out var set))
        {
            _slicesByService[service] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(slice);
    }

    private void Unindex(string? service, string slice)
    {
        if (service is not null && _slicesByService.TryGetValue(service, out var set) && set.Remove(slice))
        {
            _dirty.Add(service);
            if (set.Count == 0)
            {
                _slicesByService.Remove(service);
            }
        }
    }

    private void Signal() => _work.Writer.TryWrite(true); // one pending wake-up is enough

    private static void Replace<TValue>(Dictionary<string, TValue> target, Dictionary<string, TValue> source)
    {
        target.Clear();
        foreach (var (k, v) in source)
        {
            target[k] = v;
        }
    }
}
