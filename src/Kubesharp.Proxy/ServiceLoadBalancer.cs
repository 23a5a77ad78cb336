using System.Text.Json.Nodes;
using System.Threading.Channels;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Proxy;

/// <summary>
/// The built-in ServiceLB (k3s's idea without its svclb pods): a LoadBalancer Service without an
/// ingress gets this node's addresses in status.loadBalancer.ingress, and the proxy serves
/// address:port like a NodePort. The first node to write wins; the others leave it alone.
/// </summary>
internal sealed partial class ServiceLoadBalancer(IApiClient client, ProxyOptions options, ILogger log)
{
    private readonly string _addresses = string.Join(",", options.NodeAddresses);
    private readonly Channel<string> _pending = Channel.CreateBounded<string>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Observe(JsonObject service)
    {
        if (options.ServiceLoadBalancer && options.NodeAddresses.Count > 0 && ServiceProxy.IsLoadBalancer(service) && !HasIngress(service))
        {
            _pending.Writer.TryWrite(ObjectKeys.Key(service));
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var services = BuiltInResources.Get("", "services");
        try
        {
            await foreach (var key in _pending.Reader.ReadAllAsync(cancellationToken))
            {
                var (ns, name) = ObjectKeys.Split(key);
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        var current = await client.GetAsync(services, ns, name, cancellationToken);
                        if (!ServiceProxy.IsLoadBalancer(current) || HasIngress(current))
                        {
                            break;
                        }

                        var ingress = new JsonArray(options.NodeAddresses.Select(a => (JsonNode)new JsonObject { ["ip"] = a, ["ipMode"] = "VIP" }).ToArray());
                        var status = current["status"] as JsonObject ?? [];
                        current["status"] = status;
                        status["loadBalancer"] = new JsonObject { ["ingress"] = ingress };
                        await client.UpdateStatusAsync(services, current, cancellationToken);
                        LogIngress(log, key, _addresses);
                        break;
                    }
                    catch (ApiException e) when (e.Code == 409)
                    {
                        // someone else changed it meanwhile: read again
                    }
                    catch (ApiException e) when (e.Code == 404)
                    {
                        break;
                    }
                    catch (Exception e) when (e is ApiException or HttpRequestException)
                    {
                        LogStatusFailed(log, key, e.Message);
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // normal stop
        }
    }

    private static bool HasIngress(JsonObject service) => service["status"]?["loadBalancer"]?["ingress"] is JsonArray { Count: > 0 };

    [LoggerMessage(Level = LogLevel.Information, Message = "service {Key}: load balancer ingress {Addresses}")]
    private static partial void LogIngress(ILogger logger, string key, string addresses);

    [LoggerMessage(Level = LogLevel.Warning, Message = "service {Key}: cannot write load balancer status: {Message}")]
    private static partial void LogStatusFailed(ILogger logger, string key, string message);
}
