using System.Net;
using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Authentication;
using Kubesharp.ApiServer.Certificates;
using Kubesharp.ApiServer.Discovery;
using Kubesharp.ApiServer.Endpoints;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Joining;
using Kubesharp.ApiServer.OpenApi;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Serving.InProcess;
using Kubesharp.ApiServer.ServiceAccounts;
using Kubesharp.ApiServer.Watch;
using Kubesharp.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kubesharp.ApiServer.Serving;

/// <summary>Starts Kestrel with the cluster's TLS, authentication and the API's endpoints.</summary>
public static class ApiServerHost
{
    public static async Task<RunningApiServer> StartAsync(ApiServerOptions options, IStore store, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var certificates = ClusterCertificates.LoadOrCreate(options.DataDirectory, [], ListenAddresses(options.BindAddress).Concat(options.AdvertiseAddress is { } advertise ? [advertise] : []).ToList(), DateTimeOffset.UtcNow, options.CertificateRotation);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);

        // One catalogue, registry and watch cache per server; discovery reads the same catalogue from DI.
        var catalog = new ResourceCatalog(BuiltInResources.All);
        var allocations = new Services.ServiceAllocations(store, loggerFactory.CreateLogger("Kubesharp.ApiServer.Services"));
        await allocations.StartAsync(cancellationToken);
        await LegacyEventMigration.RunAsync(store, loggerFactory.CreateLogger("Kubesharp.ApiServer.Registry"), cancellationToken);
        var registry = new ResourceRegistry(store, allocations);
        var watchCaches = new WatchCaches(store, loggerFactory);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton<IResourceCatalog>(catalog);
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(watchCaches);
        builder.Services.AddHttpForwarder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Listen(options.BindAddress, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    // Asked at every handshake, so a certificate rotated while running is served at once.
                    https.ServerCertificateSelector = (_, _) => certificates.Serving;
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    // Chains are checked against the cluster CA by the authenticator, not the OS store.
                    https.ClientCertificateValidation = (_, _, _) => true;
                });
            });
        });

        CaptureServer(builder.Services);
        var app = builder.Build();
        var errors = new ApiErrorMiddleware(loggerFactory.CreateLogger("Kubesharp.ApiServer"));
        app.Use(errors.InvokeAsync);
        var signingKey = ServiceAccountSigningKey.LoadOrCreate(options.DataDirectory);
        var serviceAccountTokens = new ServiceAccountTokens(signingKey);
        var authenticator = new RequestAuthenticator(
            certificates.Authority,
            options.Tokens,
            new BootstrapTokenAuthenticator(store, TimeProvider.System),
            new ServiceAccountTokenAuthenticator(serviceAccountTokens, registry, TimeProvider.System));
        app.Use(async (context, next) =>
        {
            var user = await authenticator.AuthenticateAsync(context);
            if (user is null && !PublicPaths.Allows(context.Request.Path))
            {
                await ApiStatus.WriteFailureAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "Unauthorized");
                return;
            }

            if (user is not null && user.Groups.Contains(BootstrapTokenAuthenticator.BootstrappersGroup) && !JoinEndpoints.BootstrapMayCall(context.Request.Path))
            {
                await ApiStatus.WriteFailureAsync(context, StatusCodes.Status403Forbidden, "Forbidden", $"user \"{user.Name}\" may only request a node certificate");
                return;
            }

            context.Items[typeof(UserInfo)] = user ?? UserInfo.Anonymous;
            await next(context);
        });
        Metrics.MetricsEndpoints.UseRequestMetrics(app);
        SystemEndpoints.Map(app, store);
        JoinEndpoints.Map(app, certificates.Authority, TimeProvider.System);
        // Read at every handshake with a kubelet, so the certificate the rotator renews is used at once.
        Func<System.Security.Cryptography.X509Certificates.X509Certificate2> kubeletClient = () => certificates.KubeletClient;
        var kubeletForwarder = new KubeletForwarder(app.Services.GetRequiredService<Yarp.ReverseProxy.Forwarder.IHttpForwarder>(), kubeletClient);
        new ResourceEndpoints(
            catalog, registry, watchCaches, options.MaxRequestBodyBytes, options.WatchBookmarkInterval, new TokenRequests(registry, serviceAccountTokens, TimeProvider.System), kubeletForwarder)
            .Map(app);
        IssuerDiscoveryEndpoints.Map(app, signingKey);
        var kubeletUsage = new Metrics.KubeletUsageSource(kubeletClient, Metrics.MetricsDefaults.KubeletTimeout, loggerFactory.CreateLogger("Kubesharp.ApiServer.Metrics"));
        Metrics.MetricsEndpoints.Map(app, registry, kubeletUsage, TimeProvider.System, Metrics.MetricsDefaults.CachePeriod);
        DiscoveryEndpoints.Map(app, catalog, Metrics.MetricsResources.All);
        OpenApiEndpoints.Map(app, catalog);
        app.MapFallback(context => ApiStatus.WriteFailureAsync(
            context, StatusCodes.Status404NotFound, "NotFound", "the server could not find the requested resource"));

        var namespaces = new NamespaceLifecycle(registry, catalog, loggerFactory.CreateLogger<NamespaceLifecycle>());
        var definitions = new CustomResources.CustomResourceDefinitionController(registry, catalog, loggerFactory.CreateLogger<CustomResources.CustomResourceDefinitionController>());
        // Stored definitions are served before the first request, so a restart never 404s their objects.
        await definitions.StartAsync(cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is Microsoft.AspNetCore.Connections.AddressInUseException || e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await definitions.DisposeAsync();
            await app.DisposeAsync();
            kubeletForwarder.Dispose();
            certificates.Dispose();
            signingKey.Dispose();
            throw new PortInUseException($"{options.BindAddress}:{options.Port} is already in use; stop what listens there or choose another --port", e);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        await namespaces.BootstrapAsync(url.Port, cancellationToken);
        if ((options.AdvertiseAddress ?? Services.KubernetesServiceEndpoints.Advertised(options.BindAddress)) is { } advertised)
        {
            await new Services.KubernetesServiceEndpoints(registry, catalog).WriteAsync(advertised, url.Port, cancellationToken);
        }

        await SystemPriorityClasses.BootstrapAsync(registry, cancellationToken);
        namespaces.Start();
        var kubeconfigPath = Path.Combine(options.DataDirectory, "kubeconfig.yaml");
        void WriteKubeconfig() => Kubeconfig.Write(kubeconfigPath, Kubeconfig.Render(url.GetLeftPart(UriPartial.Authority), certificates));
        WriteKubeconfig();
        var rotator = new CertificateRotator(certificates, options.CertificateRotation, WriteKubeconfig, TimeProvider.System, loggerFactory.CreateLogger("Kubesharp.ApiServer.Certificates"));
        var inProcess = (CapturingServer)app.Services.GetRequiredService<IServer>();
        return new RunningApiServer(app, certificates, url, kubeconfigPath, () => inProcess.Application, [rotator, definitions, namespaces, watchCaches, allocations, signingKey, kubeletUsage, kubeletForwarder]);
    }

    /// <summary>Puts <see cref="CapturingServer"/> around the server the builder registered (Kestrel), so the in-process handler can reach the pipeline.</summary>
    private static void CaptureServer(IServiceCollection services)
    {
        var kestrel = services.Last(d => d.ServiceType == typeof(IServer));
        services.Remove(kestrel);
        services.AddSingleton<IServer>(provider => new CapturingServer(kestrel switch
        {
            { ImplementationInstance: IServer instance } => instance,
            { ImplementationFactory: { } factory } => (IServer)factory(provider),
            { ImplementationType: { } type } => (IServer)ActivatorUtilities.CreateInstance(provider, type),
            _ => throw new InvalidOperationException("the web host registered no server"),
        }));
    }

    private static IEnumerable<IPAddress> ListenAddresses(IPAddress bind)
    {
        if (!bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any))
        {
            return [bind];
        }

        return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => !a.IsIPv6LinkLocal);
    }
}
