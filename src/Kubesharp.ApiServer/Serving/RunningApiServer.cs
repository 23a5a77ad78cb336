using Kubesharp.ApiServer.Certificates;
using Microsoft.AspNetCore.Builder;

namespace Kubesharp.ApiServer.Serving;

/// <summary>A started API server: where it listens and where its admin kubeconfig is.</summary>
public sealed class RunningApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ClusterCertificates _certificates;
    private readonly IReadOnlyList<IAsyncDisposable> _components;

    internal RunningApiServer(WebApplication app, ClusterCertificates certificates, Uri url, string kubeconfigPath, IReadOnlyList<IAsyncDisposable> components)
    {
        _components = components;
        _app = app;
        _certificates = certificates;
        Url = url;
        KubeconfigPath = kubeconfigPath;
    }

    public Uri Url { get; }

    public string KubeconfigPath { get; }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        foreach (var component in _components)
        {
            await component.DisposeAsync();
        }

        await _app.DisposeAsync();
        _certificates.Dispose();
    }
}
