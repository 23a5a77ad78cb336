using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Kubesharp.ApiServer.Serving.InProcess;

/// <summary>
/// Wraps the real server (Kestrel) and keeps the application the host hands it, so requests made
/// inside the process can run the same pipeline (authentication, routing, endpoints) without a socket.
/// </summary>
internal sealed class CapturingServer(IServer inner) : IServer
{
    private IInProcessApplication? _application;

    public IFeatureCollection Features => inner.Features;

    /// <summary>The pipeline, once the host has started.</summary>
    public IInProcessApplication Application =>
        Volatile.Read(ref _application) ?? throw new InvalidOperationException("the API server has not started");

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        Volatile.Write(ref _application, new InProcessApplication<TContext>(application));
        return inner.StartAsync(application, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

    public void Dispose() => inner.Dispose();
}
