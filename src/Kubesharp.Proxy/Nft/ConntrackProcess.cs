using System.ComponentModel;
using Kubesharp.Client.Processes;

namespace Kubesharp.Proxy.Nft;

/// <summary>The conntrack CLI (Debian package conntrack), as kube-proxy's UDP cleanup uses it.</summary>
internal sealed class ConntrackProcess : IConntrack
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task ForgetUdpAsync(string serviceIp, string endpointIp, CancellationToken cancellationToken)
    {
        try
        {
            await BoundedProcess.RunAsync(new ProcessRequest("conntrack", ["-D", "-p", "udp", "--orig-dst", serviceIp, "--dst-nat", endpointIp], Timeout), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Win32Exception or TimeoutException)
        {
            // No conntrack tool, or it hung: entries then age out by themselves (30 s for UDP).
        }
    }
}
