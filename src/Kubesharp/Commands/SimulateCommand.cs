using System.CommandLine;
using System.Diagnostics;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Transport;
using Kubesharp.Simulation;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Commands;

/// <summary>
/// <c>kubesharp simulate --nodes N</c>: joins N hollow nodes to a running cluster — Nodes that
/// heartbeat and report their pods Running without running them — to try scheduling policies and
/// capacity ("will my workloads fit on these nodes?") or to load-test the control plane.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "How many hollow nodes.", Required = true };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Cluster to join (default: $KUBECONFIG, else the default data dir's kubeconfig.yaml)." };
        var prefix = new Option<string>("--name-prefix") { Description = "Node names are PREFIX0, PREFIX1, ...", DefaultValueFactory = _ => "hollow-" };
        var cpu = new Option<string>("--cpu") { Description = "CPU capacity of each node.", DefaultValueFactory = _ => "4" };
        var memory = new Option<string>("--memory") { Description = "Memory capacity of each node.", DefaultValueFactory = _ => "16Gi" };
        var pods = new Option<int>("--pods") { Description = "Pod capacity of each node.", DefaultValueFactory = _ => 110 };
        var labels = new Option<string?>("--labels") { Description = "Extra node labels, k=v,k2=v2." };
        var taints = new Option<string?>("--taints") { Description = "Node taints, key=value:Effect,..." };
        var zones = new Option<int>("--zones") { Description = "Spread the nodes over N zones (topology.kubernetes.io/zone=zone-0..N-1); 0 = no zone labels." };
        var cleanup = new Option<bool>("--cleanup") { Description = "Delete the hollow nodes on exit." };
        var command = new Command("simulate", "Add hollow nodes (simulated kubelets) to a running cluster.")
        {
            nodes, kubeconfig, prefix, cpu, memory, pods, labels, taints, zones, cleanup,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            new HollowOptions(result.GetValue(nodes))
            {
                NamePrefix = result.GetValue(prefix)!,
                Cpu = result.GetValue(cpu)!,
                Memory = result.GetValue(memory)!,
                MaxPods = result.GetValue(pods),
                Labels = ParseLabels(result.GetValue(labels)),
                Zones = result.GetValue(zones),
                Taints = (result.GetValue(taints) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            },
            result.GetValue(kubeconfig),
            result.GetValue(cleanup),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(HollowOptions options, string? kubeconfig, bool cleanup, CancellationToken cancellationToken)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"kubesharp simulate: {e.Message.Split(" (Parameter")[0]}; --nodes must be 1..32768 and --pods positive");
            return ExitCodes.UserError;
        }

        var path = KubeconfigPath.Resolve(kubeconfig);
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"kubesharp simulate: no kubeconfig at {path}; start a cluster (kubesharp up) or pass --kubeconfig");
            return ExitCodes.UserError;
        }

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        await using var transport = ApiTransports.FromKubeconfig(path);
        var client = ApiClients.Create(transport);
        var started = Stopwatch.StartNew();
        try
        {
            await HollowCluster.RunAsync(client, options, loggerFactory, () => Console.WriteLine($"{options.Count} hollow nodes ready ({started.ElapsedMilliseconds} ms); press Ctrl-C to stop"), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or ApiException)
        {
            await Console.Error.WriteLineAsync($"kubesharp simulate: the cluster at {path} refused or is unreachable ({e.Message})");
            return ExitCodes.UserError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C during registration
        }

        if (cleanup)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await HollowCluster.DeleteNodesAsync(client, options, grace.Token);
            Console.WriteLine($"deleted {options.Count} hollow nodes");
        }

        return ExitCodes.Success;
    }

    private static Dictionary<string, string> ParseLabels(string? text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            labels[eq < 0 ? pair : pair[..eq]] = eq < 0 ? string.Empty : pair[(eq + 1)..];
        }

        return labels;
    }
}
