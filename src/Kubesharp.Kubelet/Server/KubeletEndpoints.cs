using System.Net;
using System.Security.Cryptography.X509Certificates;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Stats;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Server;

/// <summary>
/// Runs the node's kubelet server beside its pod workers: streaming and logs plus the stats
/// endpoints, on every address (upstream's --address=0.0.0.0) at the published kubelet port.
/// A server that cannot start (port taken) is logged, not fatal: pods still run.
/// </summary>
internal static partial class KubeletEndpoints
{
    public static async Task ServeAsync(
        KubeletOptions options, IRuntimeService runtime, ILoggerFactory loggerFactory, ILogger log, TimeProvider time, CancellationToken cancellationToken)
    {
        if (options.ClientCaFile is null)
        {
            return;
        }

        if (!File.Exists(options.ClientCaFile))
        {
            LogServerUnavailable(log, options.KubeletPort, $"no cluster CA at {options.ClientCaFile}");
            return;
        }

        using var authority = X509CertificateLoader.LoadCertificate(X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(options.ClientCaFile, cancellationToken).ConfigureAwait(false)).RawData);
        var stats = KubeletStats.Create(new NodeStatsOptions { NodeName = options.NodeName }, runtime, time);
        var serverOptions = new KubeletServerOptions(IPAddress.Any, authority) { Port = options.KubeletPort };
        try
        {
            await KubeletServer.RunAsync(serverOptions, runtime, loggerFactory, e => e.MapKubeletStatsEndpoints(stats).MapKubeletMetrics(options.NodeName, runtime), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or Microsoft.AspNetCore.Connections.AddressInUseException && !cancellationToken.IsCancellationRequested)
        {
            LogServerUnavailable(log, options.KubeletPort, e.Message);
        }
        finally
        {
            (stats as IDisposable)?.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "kubelet server not started on port {Port}: {Problem}; kubectl logs, exec and port-forward will not reach this node")]
    private static partial void LogServerUnavailable(ILogger logger, int port, string problem);
}
