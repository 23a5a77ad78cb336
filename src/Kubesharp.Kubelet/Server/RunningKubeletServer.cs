using Microsoft.AspNetCore.Builder;

namespace Kubesharp.Kubelet.Server;

/// <summary>A started kubelet server; disposing stops it.</summary>
public sealed class RunningKubeletServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IDisposable[] _owned;

    internal RunningKubeletServer(WebApplication app, int port, IDisposable[] owned)
    {
        _app = app;
        Port = port;
        _owned = owned;
    }

    /// <summary>The port bound (the one asked for, or the one picked for 0).</summary>
    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
