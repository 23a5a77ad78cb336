using Microsoft.Extensions.Logging;

namespace Kubesharp.Client.Joining;

/// <summary>
/// A joined node's client certificate rotation (upstream's kubelet client rotation): every
/// <see cref="NodeCertificateRotationOptions.CheckInterval"/> it reads the certificate in the
/// node's kubeconfig and, once within the renewal window, trades it for a new one
/// (<see cref="NodeJoin.RenewAsync"/>). Transports made from that kubeconfig follow the file.
/// </summary>
public sealed partial class NodeCertificateRotation
{
    private readonly string _kubeconfigPath;
    private readonly string _nodeName;
    private readonly NodeCertificateRotationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    public NodeCertificateRotation(string kubeconfigPath, string nodeName, NodeCertificateRotationOptions options, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _kubeconfigPath = kubeconfigPath;
        _nodeName = nodeName;
        _options = options;
        _time = time;
        _log = log;
    }

    /// <summary>Checks now and then at every interval until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.CheckInterval, _time);
        try
        {
            do
            {
                try
                {
                    await RenewIfDueAsync(cancellationToken);
                }
                catch (Exception e) when (e is NodeJoinException or IOException or InvalidDataException or System.Security.Cryptography.CryptographicException)
                {
                    // The current certificate stays in use; the next tick tries again.
                    LogFailed(_log, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The normal way to stop.
        }
    }

    /// <summary>Renews when the certificate is within the window; true when it did.</summary>
    public async Task<bool> RenewIfDueAsync(CancellationToken cancellationToken)
    {
        using (var current = Transport.ApiTransports.ReadKubeconfig(_kubeconfigPath).ClientCertificate
            ?? throw new NodeJoinException($"{_kubeconfigPath} has no client certificate to renew"))
        {
            if (current.NotAfter.ToUniversalTime() - _time.GetUtcNow().UtcDateTime >= _options.RenewBefore)
            {
                return false;
            }
        }

        await NodeJoin.RenewAsync(_kubeconfigPath, _nodeName, cancellationToken);
        using var renewed = Transport.ApiTransports.ReadKubeconfig(_kubeconfigPath).ClientCertificate!;
        LogRenewed(_log, _nodeName, renewed.NotAfter);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node}: client certificate renewed; the new one expires {NotAfter}")]
    private static partial void LogRenewed(ILogger logger, string node, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node client certificate renewal failed, keeping the current one: {Problem}")]
    private static partial void LogFailed(ILogger logger, string problem);
}
