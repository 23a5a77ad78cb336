using System.Net;
using Kubesharp.ApiServer;
using Kubesharp.ApiServer.Serving;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Transport;
using Kubesharp.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Testing.Cluster;

/// <summary>
/// The real API server (Kestrel, HTTPS, a real SQLite store in a temp dir) in the test process on
/// a free loopback port, with a Kubesharp client using the admin kubeconfig. Control loops under
/// test talk to it exactly as they would to <c>kubesharp server</c>; it starts in well under a second.
/// </summary>
public sealed class InProcessApiServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly IStore _store;
    private readonly RunningApiServer _server;
    private readonly IApiTransport _transport;

    private InProcessApiServer(string directory, IStore store, RunningApiServer server, IApiTransport transport)
    {
        _directory = directory;
        _store = store;
        _server = server;
        _transport = transport;
        Client = ApiClients.Create(transport);
    }

    public IApiClient Client { get; }

    public Uri Url => _server.Url;

    public string KubeconfigPath => _server.KubeconfigPath;

    public string DataDirectory => _directory;

    public static async Task<InProcessApiServer> StartAsync(ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var directory = Path.Combine(Path.GetTempPath(), "kubesharp-inproc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var store = await Stores.OpenSqliteAsync(new SqliteStoreOptions(Path.Combine(directory, "state.db")), loggerFactory, cancellationToken);
        var server = await ApiServerHost.StartAsync(
            new ApiServerOptions(directory, IPAddress.Loopback, 0) { WatchBookmarkInterval = TimeSpan.FromMilliseconds(500) },
            store,
            loggerFactory ?? NullLoggerFactory.Instance,
            cancellationToken);
        return new InProcessApiServer(directory, store, server, ApiTransports.FromKubeconfig(server.KubeconfigPath));
    }

    public async ValueTask DisposeAsync()
    {
        await _transport.DisposeAsync();
        await _server.DisposeAsync();
        await _store.DisposeAsync();
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
