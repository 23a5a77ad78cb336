using System.CommandLine;
using Kubesharp.Api.Joining;
using Kubesharp.Client.Joining;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Transport;
using Kubesharp.Components;
using Kubesharp.Kubelet;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Commands;

/// <summary>
/// <c>kubesharp agent --server URL --token T</c>: a node joining a cluster (k3s's agent). The
/// token pins the server's CA; the node trades it once for its own client certificate
/// (system:node:NAME in system:nodes) and from then on runs its kubelet, service proxy and DNS
/// against the server with that identity. A restart reuses the stored identity, so an expired
/// token does not stop a node that joined before.
/// </summary>
internal static class AgentCommand
{
    /// <summary>The agent's identity in its data directory: the node client certificate and the server it joined.</summary>
    internal const string NodeKubeconfig = "node.kubeconfig";

    private const string Name = "kubesharp agent";
    private static readonly TimeSpan PodCidrWait = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "URL of the cluster's API server, e.g. https://10.0.0.1:6443 (the server must listen on an address the node reaches: --bind-address).", Required = true };
        var token = new Option<string?>("--token")
        {
            Description = "Join token from `kubesharp token create` on the server: KS1::<sha256 of the cluster CA>::<id>.<secret>. "
                + "The CA hash is checked before the token is sent; the id.secret part is an upstream bootstrap token (kube-system/bootstrap-token-<id>). Default: $KUBESHARP_TOKEN.",
        };
        var dataDir = new Option<string>("--data-dir") { Description = "Directory for the node's identity and state (node.kubeconfig, tls/ca.crt, kubelet/, images/).", DefaultValueFactory = _ => Path.Combine(DataDirectory.Default, "agent") };
        var nodeName = new Option<string?>("--node-name") { Description = "Name of the node (default: the host name)." };
        var nodeIp = new Option<string?>("--node-ip") { Description = "InternalIP of the node (default: the first non-loopback IPv4 address)." };
        var runtimeEndpoint = new Option<string?>("--container-runtime-endpoint") { Description = "CRI socket of a containerd already running; by default the node starts its own." };
        var strictPull = new Option<bool>("--strict-image-pull") { Description = "Fail imagePullPolicy Always pulls without a registry even when the image is on the node." };
        var clusterCidr = new Option<string>("--cluster-cidr") { Description = "The cluster's pod range (as the server's --cluster-cidr), for the service proxy.", DefaultValueFactory = _ => ClusterNetwork.DefaultClusterCidr };
        var command = new Command("agent", "Join a node to a cluster: get a node certificate with a join token, then run kubelet, proxy and DNS against the server.")
        {
            server, token, dataDir, nodeName, nodeIp, runtimeEndpoint, strictPull, clusterCidr,
        };
        command.SetAction((result, cancellationToken) => RunGuardedAsync(
            new AgentSettings(
                result.GetValue(server)!,
                result.GetValue(token) ?? Environment.GetEnvironmentVariable("KUBESHARP_TOKEN"),
                result.GetValue(dataDir)!,
                new NodeSettings(result.GetValue(nodeName), result.GetValue(runtimeEndpoint), result.GetValue(strictPull)) { NodeIp = result.GetValue(nodeIp), PodCidrWait = PodCidrWait },
                result.GetValue(clusterCidr)!),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunGuardedAsync(AgentSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(settings, cancellationToken);
        }
        catch (Exception e) when (e is UserErrorException or NodeJoinException or ArgumentException or ComponentFailedException)
        {
            await Console.Error.WriteLineAsync($"{Name}: {e.Message}");
            return ExitCodes.UserError;
        }
    }

    private static async Task<int> RunAsync(AgentSettings settings, CancellationToken cancellationToken)
    {
        var server = settings.Validate();
        var dataDirectory = DataDirectory.Prepare(settings.DataDirectory);
        var node = settings.Node;
        var kubeconfig = Path.Combine(dataDirectory, NodeKubeconfig);
        var caPath = Kubesharp.ApiServer.Certificates.ClusterCertificates.CertificatePath(dataDirectory, "ca");
        // Before the join: a node that cannot run pods (not root, no cgroups, no containerd) should
        // not register itself with the cluster first.
        if (KubeletHost.Probe(KubeletComponent.Options(node, dataDirectory)) is { } problem)
        {
            throw new UserErrorException(problem);
        }

        if (JoinedBefore(kubeconfig, caPath, server, node.EffectiveNodeName))
        {
            Console.WriteLine($"node {node.EffectiveNodeName}: using the identity from {kubeconfig}");
        }
        else
        {
            if (!JoinToken.TryParse(settings.Token, out var token))
            {
                throw new UserErrorException(settings.Token is null
                    ? "--token is required to join (or $KUBESHARP_TOKEN); create one on the server with kubesharp token create"
                    : "--token is not a join token (expected KS1::<ca-sha256>::<id>.<secret>, as kubesharp token create prints)");
            }

            var ca = await NodeJoin.JoinAsync(server, token, node.EffectiveNodeName, kubeconfig, cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(caPath)!);
            await File.WriteAllTextAsync(caPath, ca, cancellationToken);
            Console.WriteLine($"node {node.EffectiveNodeName} joined {server.GetLeftPart(UriPartial.Authority)}; identity in {kubeconfig}");
        }

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning));
        await using var transport = ApiTransports.FromKubeconfig(kubeconfig);
        var components = ServerComponents.Agent(node, settings.ClusterCidr);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var context = new ComponentContext(
            ApiClients.Create(transport), loggerFactory, dataDirectory, server, kubeconfig, name => Console.WriteLine($"{name} ready ({started.ElapsedMilliseconds} ms)"));
        await ComponentRunner.RunAsync(components, context, cancellationToken);
        Console.WriteLine("stopping");
        return ExitCodes.Success;
    }

    /// <summary>A node identity this data directory already holds for the same server and node name (a restart).</summary>
    private static bool JoinedBefore(string kubeconfig, string caPath, Uri server, string nodeName)
    {
        if (!File.Exists(kubeconfig) || !File.Exists(caPath))
        {
            return false;
        }

        var text = File.ReadAllText(kubeconfig);
        return text.Contains($"server: {server.GetLeftPart(UriPartial.Authority)}\n", StringComparison.Ordinal)
            && text.Contains($"name: system:node:{nodeName}\n", StringComparison.Ordinal);
    }
}
