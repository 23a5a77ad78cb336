using System.Net;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Dns.Records;
using Kubesharp.Dns.Serving;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Dns;

/// <summary>
/// The cluster DNS (CoreDNS with the kubernetes plugin, in process): answers for Services and their
/// endpoints under the cluster domain, over UDP and TCP, from informers on Services and EndpointSlices.
/// </summary>
public static partial class DnsServer
{
    /// <summary>Serves until <paramref name="cancellationToken"/> fires; <paramref name="ready"/> gets the bound address once the caches have synced.</summary>
    public static async Task RunAsync(IApiClient client, DnsOptions options, ILoggerFactory loggerFactory, Action<IPEndPoint>? ready, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        var log = loggerFactory.CreateLogger("Kubesharp.Dns");
        var records = new ClusterRecords(options);
        using var informers = InformerFactory.CreateShared(client, loggerFactory);
        informers.For(BuiltInResources.Get("", "services")).AddHandler(new InformerHandler
        {
            OnAdd = records.SetService,
            OnUpdate = (_, s) => records.SetService(s),
            OnDelete = records.RemoveService,
        });
        informers.For(BuiltInResources.Get("discovery.k8s.io", "endpointslices")).AddHandler(new InformerHandler
        {
            OnAdd = records.SetSlice,
            OnUpdate = (_, s) => records.SetSlice(s),
            OnDelete = records.RemoveSlice,
        });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var caches = informers.RunAsync(stop.Token);
        try
        {
            await informers.WaitForSyncAsync(stop.Token);
            await using var endpoints = DnsEndpoints.Start(new QueryHandler(records, options), options, log);
            LogListening(log, endpoints.LocalEndPoint);
            ready?.Invoke(endpoints.LocalEndPoint);
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // normal stop
        }
        finally
        {
            await stop.CancelAsync();
            await caches.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "cluster DNS listening on {Endpoint} (udp, tcp)")]
    private static partial void LogListening(ILogger logger, IPEndPoint endpoint);
}
