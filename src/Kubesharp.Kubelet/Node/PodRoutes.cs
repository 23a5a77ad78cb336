using System.Net;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Networking;
using Kubesharp.Client.Processes;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Node;

/// <summary>
/// Keeps this node's routes to other nodes' pod ranges (see <see cref="PodRoutePlan"/>) in the
/// kernel with <c>ip route replace … proto 201</c>: the protocol number marks them as ours, so a
/// restarted kubelet finds and removes the ones whose node is gone, and never touches any other
/// route. Runs when Nodes change and every half minute.
/// </summary>
/// <param name="podCidr">This node's own range (on its bridge; never routed elsewhere).</param>
internal sealed partial class PodRoutes(IApiClient client, KubeletOptions options, string podCidr, ILogger log, TimeProvider time)
{
    /// <summary>The route protocol number our routes carry (any unused number above the kernel's own).</summary>
    public const string Protocol = "201";

    private static readonly ResourceType Nodes = BuiltInResources.Get("", "nodes");
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan IpTimeout = TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, string> _installed = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var changed = new SemaphoreSlim(0, 1);
        void Wake()
        {
            if (changed.CurrentCount == 0)
            {
                try
                {
                    changed.Release();
                }
                catch (SemaphoreFullException)
                {
                    // already woken
                }
            }
        }

        using var informer = InformerFactory.Create(client, new InformerOptions(Nodes), log, time);
        informer.AddHandler(new InformerHandler { OnAdd = _ => Wake(), OnUpdate = (_, _) => Wake(), OnDelete = _ => Wake() });
        var watching = informer.RunAsync(cancellationToken);
        try
        {
            await informer.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
            await AdoptAsync(cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                await SyncAsync(informer.Store.List(), cancellationToken).ConfigureAwait(false);
                await changed.WaitAsync(Resync, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping: routes stay, as pods keep running
        }
        finally
        {
            await watching.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>Routes a previous run left (ours by protocol): tracked so the first sync keeps or removes them.</summary>
    private async Task AdoptAsync(CancellationToken cancellationToken)
    {
        var (ok, output) = await IpAsync(["-j", "-4", "route", "show", "proto", Protocol], cancellationToken).ConfigureAwait(false);
        if (!ok || JsonNode.Parse(output) is not JsonArray routes)
        {
            return;
        }

        foreach (var route in routes)
        {
            if (route?["dst"]?.GetValue<string>() is { } dst && route["gateway"]?.GetValue<string>() is { } gateway)
            {
                _installed[dst] = gateway;
            }
        }
    }

    private async Task SyncAsync(IReadOnlyList<JsonObject> nodes, CancellationToken cancellationToken)
    {
        var local = LocalSubnets();
        var keepOff = local.Select(l => PodRoutePlan.Subnet(l.Address, l.PrefixLength)).Append(IPNetwork.Parse(podCidr)).ToList();
        var desired = PodRoutePlan.Desired(nodes, options.NodeName, a => PodRoutePlan.OnLink(a, local), keepOff);
        foreach (var (cidr, hop) in desired)
        {
            if (_installed.TryGetValue(cidr, out var current) && current == hop)
            {
                continue;
            }

            var (ok, error) = await IpAsync(["route", "replace", cidr, "via", hop, "proto", Protocol], cancellationToken).ConfigureAwait(false);
            if (ok)
            {
                _installed[cidr] = hop;
                LogRouteAdded(log, cidr, hop);
            }
            else
            {
                LogRouteFailed(log, cidr, hop, error.Trim());
            }
        }

        foreach (var cidr in _installed.Keys.Where(c => !desired.ContainsKey(c)).ToList())
        {
            var (ok, error) = await IpAsync(["route", "del", cidr, "proto", Protocol], cancellationToken).ConfigureAwait(false);
            _installed.Remove(cidr);
            if (ok)
            {
                LogRouteRemoved(log, cidr);
            }
            else
            {
                LogRouteFailed(log, cidr, "-", error.Trim());
            }
        }
    }

    private static List<(IPAddress Address, int PrefixLength)> LocalSubnets() =>
        HostAddresses.IPv4Subnets().Select(a => (a.Address, a.PrefixLength)).ToList();

    /// <returns>Success, and stdout (on success) or stderr.</returns>
    private static async Task<(bool Ok, string Output)> IpAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            var result = await BoundedProcess.RunAsync(new ProcessRequest("ip", arguments, IpTimeout), cancellationToken).ConfigureAwait(false);
            return result.Succeeded ? (true, result.Output) : (false, result.Error);
        }
        catch (TimeoutException)
        {
            return (false, $"ip {string.Join(' ', arguments)} did not finish within {IpTimeout.TotalSeconds} s");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "pod route {Cidr} via {Hop} added")]
    private static partial void LogRouteAdded(ILogger logger, string cidr, string hop);

    [LoggerMessage(Level = LogLevel.Information, Message = "pod route {Cidr} removed (its node is gone or moved)")]
    private static partial void LogRouteRemoved(ILogger logger, string cidr);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod route {Cidr} via {Hop}: {Error}")]
    private static partial void LogRouteFailed(ILogger logger, string cidr, string hop, string error);
}
