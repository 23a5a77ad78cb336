using System.Diagnostics;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Kubesharp.Proxy.Nft;
using Kubesharp.Proxy.Sync;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Proxy;

/// <summary>
/// kube-proxy in nftables mode for one node: watches Services and EndpointSlices and keeps the
/// table <see cref="ProxyOptions.TableName"/> in step; also the built-in ServiceLB, which gives
/// LoadBalancer Services this node's address as their ingress.
/// </summary>
public static partial class ServiceProxy
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Runs until <paramref name="cancellationToken"/> fires; <paramref name="ready"/> is called after the first full sync.</summary>
    public static async Task RunAsync(IApiClient client, ProxyOptions options, ILoggerFactory loggerFactory, Action? ready, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        var log = loggerFactory.CreateLogger("Kubesharp.Proxy");
        using var nft = NftRunners.Create(options);
        var engine = new ProxyEngine(options, nft, new ConntrackProcess());
        var balancer = new ServiceLoadBalancer(client, options, log);
        using var informers = InformerFactory.CreateShared(client, loggerFactory);
        informers.For(BuiltInResources.Get("", "services")).AddHandler(new InformerHandler
        {
            OnAdd = s =>
            {
                engine.SetService(s);
                balancer.Observe(s);
            },
            OnUpdate = (_, s) =>
            {
                engine.SetService(s);
                balancer.Observe(s);
            },
            OnDelete = engine.RemoveService,
        });
        informers.For(BuiltInResources.Get("discovery.k8s.io", "endpointslices")).AddHandler(new InformerHandler
        {
            OnAdd = engine.SetSlice,
            OnUpdate = (_, s) => engine.SetSlice(s),
            OnDelete = engine.RemoveSlice,
        });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var caches = informers.RunAsync(stop.Token);
        var statuses = balancer.RunAsync(stop.Token);
        try
        {
            await informers.WaitForSyncAsync(stop.Token);
            await SyncLoopAsync(engine, options, log, ready, stop.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // normal stop
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(caches, statuses).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Whether nft can run and change rules here; null when it can, else why not.</summary>
    public static Task<string?> ProbeAsync(ProxyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new NftProcessRunner(options.NftPath, TimeSpan.FromSeconds(10)).ProbeAsync(cancellationToken);
    }

    private static async Task SyncLoopAsync(ProxyEngine engine, ProxyOptions options, ILogger log, Action? ready, CancellationToken cancellationToken)
    {
        var backoff = options.RetryBackoff;
        var isReady = false;
        while (true)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var result = await engine.SyncAsync(cancellationToken);
                backoff = options.RetryBackoff;
                if (result.Full)
                {
                    LogFullSync(log, result.Services, clock.ElapsedMilliseconds);
                }
                else if (result.Services > 0)
                {
                    LogPartialSync(log, result.Services, clock.ElapsedMilliseconds);
                }

                if (!isReady)
                {
                    isReady = true;
                    ready?.Invoke();
                }

                await engine.WaitForWorkAsync(cancellationToken);
            }
            catch (NftException e)
            {
                LogSyncFailed(log, e.Message, backoff.TotalSeconds);
                await Task.Delay(backoff, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "full sync: {Services} services in {Ms} ms")]
    private static partial void LogFullSync(ILogger logger, int services, long ms);

    [LoggerMessage(Level = LogLevel.Debug, Message = "partial sync: {Services} services in {Ms} ms")]
    private static partial void LogPartialSync(ILogger logger, int services, long ms);

    [LoggerMessage(Level = LogLevel.Warning, Message = "nft transaction failed, full resync in {Seconds} s: {Message}")]
    private static partial void LogSyncFailed(ILogger logger, string message, double seconds);

    internal static bool IsLoadBalancer(JsonObject service) => service["spec"]?["type"] is JsonValue v && v.TryGetValue<string>(out var t) && t == "LoadBalancer";
}
