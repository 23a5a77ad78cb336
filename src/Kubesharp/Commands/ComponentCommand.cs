using System.CommandLine;
using System.Diagnostics;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Transport;
using Kubesharp.Components;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Commands;

/// <summary>
/// <c>kubesharp scheduler | controller-manager | proxy | dns --kubeconfig FILE</c>: one component
/// alone against an API server elsewhere, as upstream's separate binaries run, for layouts that
/// spread a cluster over machines. Each runs the same code as the component of that name inside
/// <c>kubesharp server</c>, with only its own flags.
/// </summary>
internal static class ComponentCommand
{
    public static IEnumerable<Command> CreateAll() => [Scheduler(), ControllerManager(), Proxy(), Dns()];

    private static Command Scheduler() =>
        Create("scheduler", "Run the scheduler alone (leader-elected) against a cluster's API server.", (_, _) => new SchedulerComponent());

    private static Command ControllerManager()
    {
        var clusterCidr = ClusterCidrOption();
        return Create(
            "controller-manager",
            "Run the controller manager alone (leader-elected) against a cluster's API server.",
            (result, cluster) => new ControllerManagerComponent(result.GetValue(clusterCidr)!, cluster.CertificateAuthority?.ExportCertificatePem()),
            clusterCidr);
    }

    private static Command Proxy()
    {
        var nodeName = new Option<string?>("--node-name") { Description = "Node this proxy serves (default: the host name): its endpoints are the local ones for externalTrafficPolicy: Local." };
        var clusterCidr = ClusterCidrOption();
        var loadBalancer = new Option<bool>("--service-load-balancer") { Description = "Also write LoadBalancer Services' status (one proxy per cluster should)." };
        return Create(
            "proxy",
            "Run the service proxy (nftables) of this node alone against a cluster's API server.",
            (result, _) => new ProxyComponent(new NodeSettings(result.GetValue(nodeName)), result.GetValue(clusterCidr)!, result.GetValue(loadBalancer)),
            nodeName,
            clusterCidr,
            loadBalancer);
    }

    private static Command Dns() =>
        Create("dns", "Run the node-local cluster DNS (10.43.0.10:53) alone against a cluster's API server.", (_, _) => new DnsComponent());

    private static Option<string> ClusterCidrOption() => new("--cluster-cidr")
    {
        Description = "Pod address range of the cluster.",
        DefaultValueFactory = _ => ClusterNetwork.DefaultClusterCidr,
    };

    private static Command Create(string name, string description, Func<ParseResult, HttpTransportOptions, IClusterComponent> component, params Option[] flags)
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Cluster to work for (default: $KUBECONFIG, else the default data dir's kubeconfig.yaml)." };
        var dataDir = new Option<string>("--data-dir") { Description = "Directory for the component's own files.", DefaultValueFactory = _ => DataDirectory.Default };
        var command = new Command(name, description) { kubeconfig, dataDir };
        foreach (var flag in flags)
        {
            command.Add(flag);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var path = KubeconfigPath.Resolve(result.GetValue(kubeconfig));
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"kubesharp {name}: no kubeconfig at {path}; pass --kubeconfig");
                return ExitCodes.UserError;
            }

            try
            {
                var cluster = ApiTransports.ReadKubeconfig(path);
                return await RunAsync(component(result, cluster), cluster, path, result.GetValue(dataDir)!, cancellationToken);
            }
            catch (Exception e) when (e is UserErrorException or ArgumentException or InvalidDataException or ComponentFailedException)
            {
                await Console.Error.WriteLineAsync($"kubesharp {name}: {e.Message}");
                return ExitCodes.UserError;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(IClusterComponent component, HttpTransportOptions options, string kubeconfig, string dataDir, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning));
        // From the file, not the options read above: this transport re-reads a rotated client certificate.
        await using var transport = ApiTransports.FromKubeconfig(kubeconfig);
        var started = Stopwatch.StartNew();
        var context = new ComponentContext(
            ApiClients.Create(transport), loggerFactory, DataDirectory.Prepare(dataDir), options.Server, kubeconfig, n => Console.WriteLine($"{n} ready ({started.ElapsedMilliseconds} ms)"));
        await ComponentRunner.RunAsync([component], context, cancellationToken);
        Console.WriteLine("stopping");
        return ExitCodes.Success;
    }
}
