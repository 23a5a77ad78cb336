using Kubesharp.ApiServer.Authentication;
using Kubesharp.ApiServer.Certificates;
using Kubesharp.ApiServer.Serving.InProcess;
using Microsoft.AspNetCore.Builder;

namespace Kubesharp.ApiServer.Serving;

/// <summary>A started API server: where it listens and where its admin kubeconfig is.</summary>
public sealed class RunningApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ClusterCertificates _certificates;
    private readonly IReadOnlyList<IAsyncDisposable> _components;
    private readonly Func<IInProcessApplication> _pipeline;

    internal RunningApiServer(WebApplication app, ClusterCertificates certificates, Uri url, string kubeconfigPath, Func<IInProcessApplication> pipeline, IReadOnlyList<IAsyncDisposable> components)
    {
        _pipeline = pipeline;
        _components = components;
        _app = app;
        _certificates = certificates;
        Url = url;
        KubeconfigPath = kubeconfigPath;
    }

    public Uri Url { get; }

    public string KubeconfigPath { get; }

    /// <summary>
    /// A handler that serves requests from this process through the API server's pipeline without
    /// a socket, as the admin user (the identity the admin kubeconfig's certificate carries). For
    /// the server's own components; nothing outside the process can reach it.
    /// </summary>
    public HttpMessageHandler CreateInProcessHandler() =>
        new InProcessHandler(_pipeline, new UserInfo(ClusterCertificates.AdminUser, [ClusterCertificates.AdminGroup, "system:authenticated"]));

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
