using Microsoft.Extensions.Logging;

namespace Kubesharp.ApiServer.Certificates;

/// <summary>
/// Looks at the cluster's leaf certificates every <see cref="CertificateRotationOptions.CheckInterval"/>
/// while the server runs and re-issues those within the renewal window: new TLS connections get
/// the new serving certificate at once, new connections to kubelets present the new kubelet client
/// certificate, and a renewed admin certificate is written into the admin kubeconfig (connections
/// already open keep the certificate they were made with, still valid).
/// </summary>
internal sealed partial class CertificateRotator : IAsyncDisposable
{
    private readonly ClusterCertificates _certificates;
    private readonly Action _adminRenewed;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;

    public CertificateRotator(ClusterCertificates certificates, CertificateRotationOptions options, Action adminRenewed, TimeProvider time, ILogger log)
    {
        _certificates = certificates;
        _adminRenewed = adminRenewed;
        _time = time;
        _log = log;
        _timer = new PeriodicTimer(options.CheckInterval, time);
        _loop = RunAsync();
    }

    /// <summary>One check, as the timer makes it; returns what was renewed.</summary>
    public IReadOnlyList<string> CheckNow()
    {
        var renewed = _certificates.RenewDue(_time.GetUtcNow());
        foreach (var name in renewed)
        {
            var notAfter = _certificates.Leaf(name).NotAfter;
            LogRenewed(_log, name, notAfter);
        }

        if (renewed.Contains("admin"))
        {
            _adminRenewed();
        }

        return renewed;
    }

    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        await _loop;
    }

    private async Task RunAsync()
    {
        while (await _timer.WaitForNextTickAsync())
        {
            try
            {
                CheckNow();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                // The current certificates stay in use; the next tick tries again.
                LogFailed(_log, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "certificate {Name} renewed while running; the new one expires {NotAfter}")]
    private static partial void LogRenewed(ILogger logger, string name, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "certificate renewal failed, keeping the current ones: {Problem}")]
    private static partial void LogFailed(ILogger logger, string problem);
}
