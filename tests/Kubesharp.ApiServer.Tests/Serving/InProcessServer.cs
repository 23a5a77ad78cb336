using System.Net;
using System.Security.Cryptography.X509Certificates;
using Kubesharp.ApiServer.Serving;
using Kubesharp.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.ApiServer.Tests.Serving;

/// <summary>The real API server host on a free port over a real SQLite store, with an admin HTTPS client.</summary>
public sealed class InProcessServer : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kubesharp-host-" + Guid.NewGuid().ToString("N"));
    private IStore? _store;
    private RunningApiServer? _server;
    private HttpClientHandler? _handler;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The running host, for tests of what it offers the process itself (the in-process handler).</summary>
    public RunningApiServer Server => _server ?? throw new InvalidOperationException("not started");

    /// <summary>The admin kubeconfig the server wrote, for tests that run the real kubectl.</summary>
    public string KubeconfigPath => Path.Combine(_directory, "kubeconfig.yaml");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _store = await Stores.OpenSqliteAsync(new SqliteStoreOptions(Path.Combine(_directory, "state.db")));
        _server = await ApiServerHost.StartAsync(new ApiServerOptions(_directory, IPAddress.Loopback, 0) { WatchBookmarkInterval = TimeSpan.FromMilliseconds(300) }, _store, NullLoggerFactory.Instance, CancellationToken.None);
        using var pem = X509Certificate2.CreateFromPemFile(Path.Combine(_directory, "tls", "admin.crt"), Path.Combine(_directory, "tls", "admin.key"));
        _handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        _handler.ClientCertificates.Add(X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null));
        Client = new HttpClient(_handler) { BaseAddress = _server.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _handler?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
