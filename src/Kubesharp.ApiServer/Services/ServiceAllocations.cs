using System.Net;
using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Errors;
using Kubesharp.Storage;
using Microsoft.Extensions.Logging;

namespace Kubesharp.ApiServer.Services;

/// <summary>
/// Which ClusterIPs (10.43.0.0/16) and NodePorts (30000-32767) are taken, kept from the stored
/// Services by a watch on the store, plus what was handed out in the last minute and not yet
/// stored. A failed create therefore never leaks an address, and a restart rebuilds everything
/// from the store (upstream keeps a bitmap object and repairs it; this needs no repair).
/// </summary>
internal sealed partial class ServiceAllocations : IAsyncDisposable
{
    public const int FirstNodePort = 30000;
    public const int LastNodePort = 32767;
    private const string Prefix = "/registry/services/";
    private static readonly TimeSpan PendingTtl = TimeSpan.FromMinutes(1);
    private static readonly uint CidrBase = ToUInt(IPAddress.Parse("10.43.0.0"));
    private const uint CidrSize = 1u << 16;
    private const uint StaticBand = 256;

    private readonly IStore _store;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (uint[] Ips, int[] Ports)> _byService = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, string> _ipOwners = [];
    private readonly Dictionary<int, string> _portOwners = [];
    private readonly Dictionary<uint, (string Owner, DateTimeOffset At)> _pendingIps = [];
    private readonly Dictionary<int, (string Owner, DateTimeOffset At)> _pendingPorts = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _watch = Task.CompletedTask;

    public ServiceAllocations(IStore store, ILogger logger, TimeProvider? time = null)
    {
        _store = store;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Loads every stored Service, then follows changes in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string? next = null;
        long revision;
        do
        {
            var page = await _store.ListAsync(new ListRequest(Prefix, 500, next), cancellationToken);
            foreach (var kv in page.Items)
            {
                Apply(kv.Key, kv.Value.Span);
            }

            revision = page.Revision;
            next = page.Continue;
        }
        while (next is not null);

        _watch = FollowAsync(revision, _stop.Token);
    }

    /// <summary>Fills in spec.clusterIP(s) and nodePorts of a Service being written; causes when a request cannot be met.</summary>
    public IReadOnlyList<StatusCause> Allocate(string key, JsonObject spec, JsonObject? oldSpec)
    {
        var causes = new List<StatusCause>();
        lock (_gate)
        {
            Expire();
            AllocateClusterIp(key, spec, oldSpec, causes);
            AllocateNodePorts(key, spec, oldSpec, causes);
        }

        return causes;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watch.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private void AllocateClusterIp(string key, JsonObject spec, JsonObject? oldSpec, List<StatusCause> causes)
    {
        var type = spec["type"]?.GetValue<string>() ?? "ClusterIP";
        var requested = spec["clusterIP"]?.GetValue<string>() ?? (spec["clusterIPs"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
        var old = oldSpec?["clusterIP"]?.GetValue<string>();
        if (type == "ExternalName")
        {
            return;
        }

        if (!string.IsNullOrEmpty(old))
        {
            if (!string.IsNullOrEmpty(requested) && requested != old)
            {
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{requested}\": field is immutable", "spec.clusterIPs[0]"));
                return;
            }

            SetIp(spec, old);
            return;
        }

        if (requested == "None")
        {
            SetIp(spec, "None");
            return;
        }

        if (!string.IsNullOrEmpty(requested))
        {
            if (!IPAddress.TryParse(requested, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{requested}\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)", "spec.clusterIPs[0]"));
                return;
            }

            var value = ToUInt(address);
            if (value - CidrBase >= CidrSize)
            {
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{requested}\": failed to allocate IP {requested}: the provided IP ({requested}) is not in the valid range. The range of valid IPs is 10.43.0.0/16", "spec.clusterIPs"));
                return;
            }

            if (IpOwner(value) is { } owner && owner != key)
            {
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{requested}\": failed to allocate IP {requested}: provided IP is already allocated", "spec.clusterIPs"));
                return;
            }

            _pendingIps[value] = (key, _time.GetUtcNow());
            SetIp(spec, requested);
            return;
        }

        // Upstream's static band (KEP-3070): the first 256 addresses of a /16 are handed out
        // dynamically only when the rest is full, so addresses people pin (10.43.0.10 for DNS) stay free.
        // Random start, then the next free address: spreads allocations as upstream's random pick does.
        if (TryAllocateIn(key, spec, StaticBand, CidrSize - 1) || TryAllocateIn(key, spec, 2, StaticBand))
        {
            return;
        }

        causes.Add(new StatusCause("FieldValueInvalid", "failed to allocate a serviceIP: range is full", "spec.clusterIPs"));
    }

    /// <summary>A free address of [first, end) relative to the CIDR base, from a random start.</summary>
    private bool TryAllocateIn(string key, JsonObject spec, uint first, uint end)
    {
        var size = end - first;
        var start = (uint)Random.Shared.Next(0, (int)size);
        for (uint i = 0; i < size; i++)
        {
            var candidate = CidrBase + first + ((start + i) % size);
            if (IpOwner(candidate) is null)
            {
                _pendingIps[candidate] = (key, _time.GetUtcNow());
                SetIp(spec, ToAddress(candidate));
                return true;
            }
        }

        return false;
    }

    private void AllocateNodePorts(string key, JsonObject spec, JsonObject? oldSpec, List<StatusCause> causes)
    {
        var type = spec["type"]?.GetValue<string>() ?? "ClusterIP";
        var ports = spec["ports"] as JsonArray ?? [];
        if (type is not ("NodePort" or "LoadBalancer"))
        {
            foreach (var port in ports.OfType<JsonObject>())
            {
                port.Remove("nodePort"); // upstream clears nodePorts when a Service stops being NodePort
            }

            return;
        }

        var oldPorts = (oldSpec?["ports"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var taken = new HashSet<int>();
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is not JsonObject port)
            {
                continue;
            }

            var requested = port["nodePort"] is JsonValue v && v.TryGetValue<int>(out var n) && n != 0 ? n : (int?)null;
            requested ??= oldPorts.FirstOrDefault(o => o["port"]?.ToJsonString() == port["port"]?.ToJsonString() && o["protocol"]?.ToJsonString() == port["protocol"]?.ToJsonString())?["nodePort"]?.GetValue<int>();
            if (requested is { } wanted)
            {
                if (wanted is < FirstNodePort or > LastNodePort)
                {
                    causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {wanted}: provided port is not in the valid range. The range of valid ports is {FirstNodePort}-{LastNodePort}", $"spec.ports[{i}].nodePort"));
                    continue;
                }

                if ((PortOwner(wanted) is { } owner && owner != key) || !taken.Add(wanted))
                {
                    causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {wanted}: provided port is already allocated", $"spec.ports[{i}].nodePort"));
                    continue;
                }

                _pendingPorts[wanted] = (key, _time.GetUtcNow());
                port["nodePort"] = wanted;
                continue;
            }

            var start = Random.Shared.Next(FirstNodePort, LastNodePort + 1);
            var found = false;
            for (var j = 0; j <= LastNodePort - FirstNodePort && !found; j++)
            {
                var candidate = FirstNodePort + ((start - FirstNodePort + j) % (LastNodePort - FirstNodePort + 1));
                if (PortOwner(candidate) is null && taken.Add(candidate))
                {
                    _pendingPorts[candidate] = (key, _time.GetUtcNow());
                    port["nodePort"] = candidate;
                    found = true;
                }
            }

            if (!found)
            {
                causes.Add(new StatusCause("FieldValueInvalid", "failed to allocate a nodePort: range is full", $"spec.ports[{i}].nodePort"));
            }
        }
    }

    private string? IpOwner(uint ip)
    {
        if (_pendingIps.TryGetValue(ip, out var pending))
        {
            return pending.Owner;
        }

        return _ipOwners.GetValueOrDefault(ip);
    }

    private string? PortOwner(int port)
    {
        if (_pendingPorts.TryGetValue(port, out var pending))
        {
            return pending.Owner;
        }

        return _portOwners.GetValueOrDefault(port);
    }

    private void Expire()
    {
        var now = _time.GetUtcNow();
        foreach (var ip in _pendingIps.Where(p => now - p.Value.At > PendingTtl).Select(p => p.Key).ToList())
        {
            _pendingIps.Remove(ip);
        }

        foreach (var port in _pendingPorts.Where(p => now - p.Value.At > PendingTtl).Select(p => p.Key).ToList())
        {
            _pendingPorts.Remove(port);
        }
    }

    private async Task FollowAsync(long revision, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in _store.WatchAsync(Prefix, revision + 1, cancellationToken))
                {
                    revision = e.Current.ModRevision;
                    if (e.Type == WatchEventType.Deleted)
                    {
                        lock (_gate)
                        {
                            Release(e.Current.Key[Prefix.Length..]);
                        }
                    }
                    else
                    {
                        Apply(e.Current.Key, e.Current.Value.Span);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreException e)
            {
                LogWatchFailed(_logger, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                if (e.Code == StoreErrorCode.Compacted)
                {
                    await StartAsync(cancellationToken); // reload: nothing older can be replayed
                    return;
                }
            }
        }
    }

    private void Apply(string storeKey, ReadOnlySpan<byte> value)
    {
        if (JsonNode.Parse(value) is not JsonObject service)
        {
            return;
        }

        var spec = service["spec"];
        var ips = (spec?["clusterIPs"] as JsonArray ?? [])
            .Select(n => n?.GetValue<string>())
            .Where(s => s is not null && s != "None" && IPAddress.TryParse(s, out _))
            .Select(s => ToUInt(IPAddress.Parse(s!)))
            .ToArray();
        var ports = (spec?["ports"] as JsonArray ?? [])
            .Select(p => p?["nodePort"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0)
            .Where(n => n > 0)
            .ToArray();
        var key = storeKey[Prefix.Length..];
        lock (_gate)
        {
            Release(key);
            _byService[key] = (ips, ports);
            foreach (var ip in ips)
            {
                _pendingIps.Remove(ip);
                _ipOwners[ip] = key;
            }

            foreach (var port in ports)
            {
                _pendingPorts.Remove(port);
                _portOwners[port] = key;
            }
        }
    }

    private void Release(string key)
    {
        if (!_byService.Remove(key, out var taken))
        {
            return;
        }

        foreach (var ip in taken.Ips)
        {
            _ipOwners.Remove(ip);
        }

        foreach (var port in taken.Ports)
        {
            _portOwners.Remove(port);
        }
    }

    private static void SetIp(JsonObject spec, string ip)
    {
        spec["clusterIP"] = ip;
        spec["clusterIPs"] = new JsonArray(ip);
        if (ip != "None")
        {
            spec["ipFamilies"] ??= new JsonArray("IPv4");
            spec["ipFamilyPolicy"] ??= "SingleStack";
        }
    }

    private static uint ToUInt(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }

    private static string ToAddress(uint value) => $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "service allocation watch failed ({Error}); resuming")]
    private static partial void LogWatchFailed(ILogger logger, string error);
}
