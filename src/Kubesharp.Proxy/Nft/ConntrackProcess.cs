using System.ComponentModel;
using System.Diagnostics;

namespace Kubesharp.Proxy.Nft;

/// <summary>The conntrack CLI (Debian package conntrack), as kube-proxy's UDP cleanup uses it.</summary>
internal sealed class ConntrackProcess : IConntrack
{
    public async Task ForgetUdpAsync(string serviceIp, string endpointIp, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("conntrack") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-D", "-p", "udp", "--orig-dst", serviceIp, "--dst-nat", endpointIp })
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return;
            }

            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(TimeSpan.FromSeconds(10));
            var output = process.StandardOutput.ReadToEndAsync(bounded.Token);
            var error = process.StandardError.ReadToEndAsync(bounded.Token);
            await process.WaitForExitAsync(bounded.Token);
            await Task.WhenAll(output, error);
        }
        catch (Exception e) when (e is Win32Exception || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // No conntrack tool, or it hung: entries then age out by themselves (30 s for UDP).
        }
    }
}
