using System.CommandLine;
using System.Net;
using Kubesharp.ApiServer;
using Kubesharp.ApiServer.Serving;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Transport;
using Kubesharp.Components;
using Kubesharp.Storage;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Commands;

/// <summary>
/// <c>kubesharp server</c>: the control plane. It opens the store (embedded SQLite or etcd), then
/// serves the API over HTTPS until Ctrl-C; scheduler and controllers join it in later issues.
/// </summary>
internal static class ServerCommand
{
    private static readonly TimeSpan LocalNodePodCidrWait = TimeSpan.FromSeconds(30);

    public static Command Create() =>
        Create("server", "Run the control plane (store, API server, scheduler, controllers) and, unless disabled, a local node.");

    /// <summary><c>kubesharp up</c>: the same cluster, for the newcomer's one command.</summary>
    public static Command CreateUp() =>
        Create("up", "Start a whole single-node cluster here and print how to use it (same flags as server).");

    /// <summary><c>kubesharp apiserver</c>: the store and the API server alone, for control planes spread over machines.</summary>
    public static Command CreateApiServer() =>
        Create("apiserver", "Run the store and the API server alone (other components run elsewhere: kubesharp scheduler, controller-manager, kubelet, proxy).", apiOnly: true);

    private static Command Create(string name, string description, bool apiOnly = false)
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Directory for the cluster's state.", DefaultValueFactory = _ => DataDirectory.Default };
        var datastore = new Option<string?>("--datastore-endpoint")
        {
            Description = "Store to use: empty for embedded SQLite under the data dir, sqlite:///path, or etcd://host:port[,host:port].",
        };
        // All addresses by default, as upstream's kube-apiserver and k3s: pods (through the kubernetes
        // Service) and joining agents must reach it; every request is still authenticated.
        var bindAddress = new Option<string>("--bind-address") { Description = "Address the API server listens on (0.0.0.0: all; 127.0.0.1 keeps it to this host, then pods cannot reach it).", DefaultValueFactory = _ => "0.0.0.0" };
        var advertiseAddress = new Option<string?>("--advertise-address")
        {
            Description = "Address pods and agents reach the API server at (the kubernetes Service's endpoint); default: the bind address, or the host's first non-loopback IPv4.",
        };
        var port = new Option<int>("--port") { Description = "Port the API server listens on.", DefaultValueFactory = _ => 6443 };
        var disable = new Option<string[]>("--disable")
        {
            Description = "Components not to run, by name (repeatable or comma-separated): " + string.Join(", ", ServerComponents.Names) + ".",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [],
        };
        var nodeName = new Option<string?>("--node-name") { Description = "Name of the local node (default: the host name)." };
        var runtimeEndpoint = new Option<string?>("--container-runtime-endpoint")
        {
            Description = "CRI socket of a containerd already running; by default the kubelet starts its own under the data dir.",
        };
        var strictPull = new Option<bool>("--strict-image-pull")
        {
            Description = "Fail imagePullPolicy Always pulls without a registry even when the image is on the node (upstream behaviour).",
        };
        var clusterCidr = new Option<string>("--cluster-cidr")
        {
            Description = "Pod address range of the cluster; the controller manager gives each node a /24 of it.",
            DefaultValueFactory = _ => ClusterNetwork.DefaultClusterCidr,
        };
        var nodeIp = new Option<string?>("--node-ip") { Description = "InternalIP of the local node (default: the first non-loopback IPv4 address)." };
        var command = new Command(name, description) { dataDir, datastore, bindAddress, advertiseAddress, port };
        Option[] componentFlags = [disable, nodeName, runtimeEndpoint, strictPull, clusterCidr, nodeIp];
        foreach (var flag in apiOnly ? [] : componentFlags)
        {
            command.Add(flag);
        }

        command.SetAction((result, cancellationToken) => RunGuardedAsync(
            new ServerSettings(result.GetValue(dataDir)!, result.GetValue(datastore), result.GetValue(bindAddress)!, result.GetValue(port), apiOnly ? ServerComponents.Names : ServerSettings.SplitNames(result.GetValue(disable)!))
            {
                Node = new NodeSettings(result.GetValue(nodeName), result.GetValue(runtimeEndpoint), result.GetValue(strictPull)) { NodeIp = result.GetValue(nodeIp) },
                ClusterCidr = result.GetValue(clusterCidr) ?? ClusterNetwork.DefaultClusterCidr, // apiserver has no such flag
                AdvertiseAddress = result.GetValue(advertiseAddress),
            },
            cancellationToken));
        return command;
    }

    private static async Task<int> RunGuardedAsync(ServerSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(settings, cancellationToken);
        }
        catch (Exception e) when (e is UserErrorException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"kubesharp: {e.Message}");
            return ExitCodes.UserError;
        }
        catch (ComponentFailedException e)
        {
            await Console.Error.WriteLineAsync($"kubesharp: {e.Message}");
            return ExitCodes.UserError;
        }
        catch (StoreException e)
        {
            await Console.Error.WriteLineAsync($"kubesharp: the store could not be opened: {e.Message}");
            return ExitCodes.UserError;
        }
    }

    private static async Task<RunningApiServer> StartApiAsync(ServerSettings settings, string dataDirectory, IStore store, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var options = new ApiServerOptions(dataDirectory, IPAddress.Parse(settings.BindAddress), settings.Port)
        {
            AdvertiseAddress = (settings.AdvertiseAddress ?? settings.Node.NodeIp) is { } advertise ? IPAddress.Parse(advertise) : null,
        };
        try
        {
            return await ApiServerHost.StartAsync(options, store, loggerFactory, cancellationToken);
        }
        catch (PortInUseException e)
        {
            var owner = PortOwner.Describe(settings.Port);
            throw new UserErrorException(owner is null ? e.Message : $"{e.Message} (held by {owner})");
        }
    }

    private static async Task<int> RunAsync(ServerSettings settings, CancellationToken cancellationToken)
    {
        settings.Validate();
        var dataDirectory = DataDirectory.Prepare(settings.DataDirectory);
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Microsoft.Extensions.Hosting", LogLevel.None));
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var store = await Stores.OpenAsync(settings.DatastoreEndpoint, dataDirectory, loggerFactory, cancellationToken);
        var where = string.IsNullOrWhiteSpace(settings.DatastoreEndpoint)
            ? Path.Combine(dataDirectory, DatastoreEndpoint.DefaultSqliteFile)
            : settings.DatastoreEndpoint;
        Console.WriteLine($"store ready: {where} at revision {store.CurrentRevision} ({started.ElapsedMilliseconds} ms)");
        await using var api = await StartApiAsync(settings, dataDirectory, store, loggerFactory, cancellationToken);
        Console.WriteLine($"API ready: {api.Url.GetLeftPart(UriPartial.Authority)} ({started.ElapsedMilliseconds} ms)");
        // The local node waits for its podCIDR only when this server's controller manager assigns one
        // (it does so within milliseconds of registration); without it the node takes the first range.
        var node = settings.Node with
        {
            PodCidrWait = settings.Disabled.Contains("controllers") ? TimeSpan.Zero : LocalNodePodCidrWait,
            FallbackPodCidr = ClusterNetwork.FirstNodeRange(settings.ClusterCidr),
        };
        var components = ServerComponents.All(node, settings.ClusterCidr).Where(c => !settings.Disabled.Contains(c.Name)).ToList();
        var progress = new ReadinessProgress(components.Select(c => c.Name), started, api.KubeconfigPath);
        // The components share the process with the API server: their requests go straight into its
        // pipeline (no TLS or HTTP/2 on either end), as the admin user, the same identity as before.
        await using var transport = ApiTransports.InProcess(api.CreateInProcessHandler(), api.Url);
        var context = new ComponentContext(ApiClients.Create(transport), loggerFactory, dataDirectory, api.Url, api.KubeconfigPath, progress.Ready);
        await ComponentRunner.RunAsync(components, context, cancellationToken);

        Console.WriteLine("stopping");
        return ExitCodes.Success;
    }
}
