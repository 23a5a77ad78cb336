using System.Net.Http;
using Kubesharp.Kubelet.Cri;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Kubesharp.Kubelet.Server;

/// <summary>
/// The kubelet's HTTPS server (port 10250): <c>/containerLogs</c>, <c>/exec</c>, <c>/attach</c>,
/// <c>/portForward</c> and <c>/healthz</c>, plus whatever <c>mapMore</c> mounts (stats). Only the
/// API server's kubelet client certificate gets in.
/// </summary>
public static class KubeletServer
{
    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled.</summary>
    public static async Task RunAsync(
        KubeletServerOptions options, IRuntimeService runtime, ILoggerFactory loggerFactory, Action<IEndpointRouteBuilder>? mapMore, CancellationToken cancellationToken)
    {
        await using var server = await StartAsync(options, runtime, loggerFactory, mapMore, cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The normal way to stop.
        }
    }

    public static async Task<RunningKubeletServer> StartAsync(
        KubeletServerOptions options, IRuntimeService runtime, ILoggerFactory loggerFactory, Action<IEndpointRouteBuilder>? mapMore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var selfSigned = options.ServingCertificate is null
            ? new RotatingSelfSignedCertificate(options.Address, options.SelfSignedLifetime, options.SelfSignedRenewBefore, TimeProvider.System)
            : null;
        var clients = new ClientCertificateCheck(options.ClientCertificateAuthority, options.AllowedClientNames);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddHttpForwarder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.Address, options.Port, listen =>
            {
                // Upgrades (SPDY, WebSocket) need HTTP/1.1; the API server speaks only that to us.
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(https =>
                {
                    // Asked at every handshake, so the self-signed certificate can be replaced while running.
                    https.ServerCertificateSelector = (_, _) => selfSigned?.Current() ?? options.ServingCertificate;
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (certificate, _, errors) => clients.Admits(certificate, errors);
                });
            });
        });

        var app = builder.Build();
        var runtimeClient = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });
        var containers = new PodContainers(runtime);
        var logs = new ContainerLogsEndpoint(containers, runtime, options.LogFollowInterval, TimeProvider.System);
        var streams = new StreamingEndpoints(containers, runtime, app.Services.GetRequiredService<IHttpForwarder>(), runtimeClient);
        var log = loggerFactory.CreateLogger("Kubesharp.Kubelet.Server");
        app.Use((context, next) => KubeletErrors.InvokeAsync(context, next, log));
        app.MapGet("/healthz", (RequestDelegate)(c => c.Response.WriteAsync("ok", c.RequestAborted)));
        app.MapGet("/containerLogs/{ns}/{pod}/{container}", (RequestDelegate)(c => logs.HandleAsync(c, Route(c, "ns"), Route(c, "pod"), Route(c, "container"))));
        app.MapMethods("/exec/{ns}/{pod}/{container}", Upgradable, c => streams.ExecAsync(c, Route(c, "ns"), Route(c, "pod"), Route(c, "container")));
        app.MapMethods("/attach/{ns}/{pod}/{container}", Upgradable, c => streams.AttachAsync(c, Route(c, "ns"), Route(c, "pod"), Route(c, "container")));
        app.MapMethods("/portForward/{ns}/{pod}", Upgradable, c => streams.PortForwardAsync(c, Route(c, "ns"), Route(c, "pod")));
        mapMore?.Invoke(app);
        app.MapFallback(context => StatusResponse.WriteAsync(context, KubeletApiException.NotFound("the server could not find the requested resource")));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var owned = selfSigned is null ? new IDisposable[] { runtimeClient } : [runtimeClient, selfSigned];
        return new RunningKubeletServer(app, new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)).Port, owned);
    }

    private static readonly string[] Upgradable = ["GET", "POST"];

    private static string Route(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;
}
