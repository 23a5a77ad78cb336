using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Kubesharp.Dns;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Components;

/// <summary>
/// The cluster DNS. It serves on the cluster DNS address (10.43.0.10:53), which pods' resolv.conf
/// points at: when no interface has that address it puts it on loopback (a node-local DNS, one per
/// node, so no Service or proxy rule stands between a pod and its resolver). When it may not (not
/// root) it serves on 127.0.0.1:10053 for the host alone, with a warning. Failing to bind is a
/// warning too: DNS is not worth stopping the control plane for.
/// </summary>
internal sealed partial class DnsComponent : IClusterComponent
{
    private static readonly IPAddress ClusterDns = IPAddress.Parse("10.43.0.10");
    private static readonly IPEndPoint Fallback = new(IPAddress.Loopback, 10053);

    public string Name => "dns";

    public async Task RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        var log = context.LoggerFactory.CreateLogger("Kubesharp.Components.Dns");
        LoopbackAddress? added = null;
        var onNode = HasAddress(ClusterDns);
        if (!onNode)
        {
            (added, var error) = await LoopbackAddress.AddAsync(ClusterDns, cancellationToken);
            onNode = added is not null;
            if (!onNode)
            {
                LogFallback(log, ClusterDns, error ?? "", Fallback);
            }
        }

        await using var removeAtStop = added;
        var bind = onNode ? new IPEndPoint(ClusterDns, 53) : Fallback;

        try
        {
            await DnsServer.RunAsync(context.Client, new DnsOptions(bind), context.LoggerFactory, _ => context.Ready(Name), cancellationToken);
        }
        catch (SocketException e)
        {
            LogUnavailable(log, bind, e.Message);
            context.Ready(Name);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    private static bool HasAddress(IPAddress address) =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Any(a => a.Address.Equals(address));

    [LoggerMessage(Level = LogLevel.Warning, Message = "cluster DNS address {Address} is on no interface and could not be added to loopback ({Error}); serving on {Fallback} for this host only (pods cannot reach it)")]
    private static partial void LogFallback(ILogger logger, IPAddress address, string error, IPEndPoint fallback);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cluster DNS idle: cannot listen on {Endpoint}: {Message}")]
    private static partial void LogUnavailable(ILogger logger, IPEndPoint endpoint, string message);
}
