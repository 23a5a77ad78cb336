using System.Security.Cryptography.X509Certificates;

namespace Kubesharp.Client.Transport;

/// <summary>
/// The client certificate of a kubeconfig, re-read when the file changes (its write time or size),
/// so a transport made from it presents a certificate rotated on disk (the server's admin
/// kubeconfig, an agent's node.kubeconfig) on its next new connection, without a restart.
/// Connections already open keep theirs: the server checks a certificate at the handshake only.
/// </summary>
internal sealed class KubeconfigClientCertificate
{
    private readonly string _path;
    private readonly string? _context;
    private readonly Lock _gate = new();
    private X509Certificate2 _current;
    private (DateTime Written, long Length) _stamp;

    public KubeconfigClientCertificate(string path, string? context, X509Certificate2 loaded)
    {
        _path = path;
        _context = context;
        _current = loaded;
        _stamp = Stamp(path);
    }

    /// <summary>The certificate in the file now; the one loaded before when the file cannot be read.</summary>
    public X509Certificate2 Current()
    {
        var stamp = Stamp(_path);
        lock (_gate)
        {
            if (stamp == _stamp)
            {
                return _current;
            }

            try
            {
                if (KubeconfigReader.Read(_path, _context).ClientCertificate is { } reloaded)
                {
                    // The replaced one may still be in a handshake; it is left to the collector.
                    _current = reloaded;
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException or System.Security.Cryptography.CryptographicException or YamlDotNet.Core.YamlException)
            {
                // Kept: the old certificate is still valid for the whole renewal window; the next connection looks again.
                return _current;
            }

            _stamp = stamp;
            return _current;
        }
    }

    private static (DateTime, long) Stamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? (file.LastWriteTimeUtc, file.Length) : (DateTime.MinValue, -1);
    }
}
