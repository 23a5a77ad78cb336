using System.ComponentModel;
using Kubesharp.Client.Processes;

namespace Kubesharp.Kubelet.Runtime;

/// <summary>
/// Masquerades pod traffic only when it leaves the cluster's pod range (flannel's rule), in an
/// nftables table of its own. The bridge plugin's ipMasq masquerades everything leaving this
/// node's /24, so a pod on another node saw this node's address instead of the peer pod's;
/// with this table the bridge's ipMasq is turned off and pod-to-pod traffic keeps pod addresses.
/// </summary>
internal static class PodMasquerade
{
    public const string Table = "kubesharp-pods";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The whole table, replaced in one transaction (declare, delete, define: idempotent).</summary>
    public static string Script(string clusterCidr) => $$"""
        table ip {{Table}}
        delete table ip {{Table}}
        table ip {{Table}} {
            chain postrouting {
                type nat hook postrouting priority srcnat; policy accept;
                ip saddr {{clusterCidr}} ip daddr {{clusterCidr}} return
                ip saddr {{clusterCidr}} ip daddr != 224.0.0.0/4 masquerade fully-random
            }
        }

        """;

    /// <summary>Installs the table; returns why it could not (then the bridge keeps masquerading), or null.</summary>
    public static async Task<string?> InstallAsync(string nftPath, string clusterCidr, CancellationToken cancellationToken)
    {
        try
        {
            var result = await BoundedProcess.RunAsync(new ProcessRequest(nftPath, ["-f", "-"], Timeout) { Input = Script(clusterCidr) }, cancellationToken).ConfigureAwait(false);
            return result.Succeeded ? null : result.Error.Trim();
        }
        catch (Win32Exception e)
        {
            return $"cannot run {nftPath}: {e.Message}";
        }
        catch (TimeoutException)
        {
            return $"{nftPath} did not finish within {Timeout.TotalSeconds} s";
        }
    }
}
