using System.CommandLine;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Transport;
using Kubesharp.Components;
using Kubesharp.Kubelet;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Commands;

/// <summary>
/// <c>kubesharp kubelet --kubeconfig FILE</c>: a node alone (containerd, pods over CRI), joined to a
/// cluster running elsewhere, as upstream's kubelet binary; the server runs the same code as its
/// "kubelet" component.
/// </summary>
internal static class KubeletCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Cluster to join (default: $KUBECONFIG, else the default data dir's kubeconfig.yaml)." };
        var dataDir = new Option<string>("--data-dir") { Description = "Directory for the node's state (kubelet/ and images/ under it).", DefaultValueFactory = _ => DataDirectory.Default };
        var nodeName = new Option<string?>("--node-name") { Description = "Name of the node (default: the host name)." };
        var runtimeEndpoint = new Option<string?>("--container-runtime-endpoint") { Description = "CRI socket of a containerd already running; by default one is started." };
        var strictPull = new Option<bool>("--strict-image-pull") { Description = "Fail imagePullPolicy Always pulls without a registry even when the image is on the node." };
        var command = new Command("kubelet", "Run a node (kubelet and its containerd) for a cluster elsewhere.")
        {
            kubeconfig, dataDir, nodeName, runtimeEndpoint, strictPull,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(kubeconfig),
            result.GetValue(dataDir)!,
            // A cluster elsewhere runs a controller manager that assigns the node's podCIDR: wait for it.
            new NodeSettings(result.GetValue(nodeName), result.GetValue(runtimeEndpoint), result.GetValue(strictPull)) { PodCidrWait = TimeSpan.FromSeconds(60) },
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? kubeconfig, string dataDir, NodeSettings node, CancellationToken cancellationToken)
    {
        var path = KubeconfigPath.Resolve(kubeconfig);
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"kubesharp kubelet: no kubeconfig at {path}; pass --kubeconfig");
            return ExitCodes.UserError;
        }

        var options = KubeletComponent.Options(node, DataDirectory.Prepare(dataDir));
        if (KubeletHost.Probe(options) is { } problem)
        {
            await Console.Error.WriteLineAsync($"kubesharp kubelet: {problem}");
            return ExitCodes.UserError;
        }

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        await using var transport = ApiTransports.FromKubeconfig(path);
        try
        {
            await KubeletHost.RunAsync(ApiClients.Create(transport), options, loggerFactory, () => Console.WriteLine($"kubelet ready: node {options.NodeName}"), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"kubesharp kubelet: {e.Message}");
            return ExitCodes.UserError;
        }

        return ExitCodes.Success;
    }
}
