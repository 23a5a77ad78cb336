using Kubesharp.Client.Events;
using Kubesharp.Client.Rest;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Env;
using Kubesharp.Kubelet.Probes;
using Kubesharp.Kubelet.Volumes;
using Kubesharp.Kubelet.Node;
using Kubesharp.Kubelet.Pods;
using Kubesharp.Kubelet.Runtime;
using Kubesharp.Kubelet.Server;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet;

/// <summary>
/// The kubelet: the node's containerd (started and supervised here unless an existing socket is
/// given), its images (built locally and imported, plus every archive of the images folder), the
/// Node and its Lease, and the pods bound to the node, run as real containers over CRI.
/// </summary>
public static partial class KubeletHost
{
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan NetworkReadyPoll = TimeSpan.FromMilliseconds(50);
    private const int NetworkReadyAttempts = 200;

    /// <summary>Why a kubelet cannot run on this machine (not root, no cgroups, containerd or runc missing), or null when it can.</summary>
    public static string? Probe(KubeletOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Environment.IsPrivilegedProcess)
        {
            return "the kubelet needs root (containerd, runc, network namespaces)";
        }

        if (Runtime.CgroupCheck.Problem(options.CgroupRoot) is { } cgroups)
        {
            return cgroups;
        }

        if (options.ContainerRuntimeEndpoint is { } socket)
        {
            return File.Exists(socket) ? null : $"no container runtime socket at {socket}";
        }

        foreach (var binary in new[] { "/usr/bin/containerd", "/usr/bin/ctr", "/usr/sbin/runc" })
        {
            if (!File.Exists(binary) && !File.Exists(binary.Replace("/usr/sbin/", "/usr/bin/", StringComparison.Ordinal)))
            {
                return $"{binary} is missing (run scripts/install-deps.sh)";
            }
        }

        return options.ImportLocalImages && !File.Exists("/bin/busybox") ? "/bin/busybox (busybox-static) is missing (run scripts/install-deps.sh)" : null;
    }

    /// <summary>The CRI socket of the containerd a kubelet with data directory <paramref name="kubeletDataDirectory"/> starts.</summary>
    public static string RuntimeSocket(string kubeletDataDirectory) => new ContainerdLayout(kubeletDataDirectory).Socket;

    /// <summary>Runs the node until <paramref name="cancellationToken"/> fires; <paramref name="ready"/> once the node is registered and its pods synced.</summary>
    public static async Task RunAsync(IApiClient client, KubeletOptions options, ILoggerFactory loggerFactory, Action ready, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(ready);
        options.Validate();
        var log = loggerFactory.CreateLogger("Kubesharp.Kubelet");
        var time = TimeProvider.System;
        Directory.CreateDirectory(options.DataDirectory);
        // A node registered before keeps its range; a new one gets it from the controller manager
        // (after registration, so containerd starts meanwhile without a pod network), or, with no
        // controller manager to wait for, uses the configured range itself.
        var assigned = await NodeAgent.AssignedPodCidrAsync(client, options, cancellationToken).ConfigureAwait(false);
        var ownCidr = assigned ?? (options.PodCidrWait == TimeSpan.Zero ? options.PodCidr : null);
        var supervisor = Containerd.CreateSupervisor(
            new ContainerdOptions { DataDirectory = options.DataDirectory, ExistingSocket = options.ContainerRuntimeEndpoint, PodCidr = ownCidr, ClusterCidr = options.ClusterCidr },
            loggerFactory);
        await using (supervisor.ConfigureAwait(false))
        {
            await supervisor.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var cri = CriConnection.Open(supervisor.SocketPath);
                await NodeImages.ImportAsync(options, cri.Images, supervisor.SocketPath, ImportTimeout, log, cancellationToken).ConfigureAwait(false);
                var version = await cri.Runtime.VersionAsync(cancellationToken).ConfigureAwait(false);
                var agent = new NodeAgent(client, options, cri.Runtime, cri.Images, log, time);
                await agent.RegisterAsync(ownCidr, cancellationToken).ConfigureAwait(false);
                var podCidr = ownCidr ?? await agent.WaitForPodCidrAsync(cancellationToken).ConfigureAwait(false);
                if (ownCidr is null)
                {
                    await supervisor.ConfigureNetworkAsync(podCidr, cancellationToken).ConfigureAwait(false);
                    await WaitForNetworkAsync(cri, options.ContainerRuntimeEndpoint is null, log, cancellationToken).ConfigureAwait(false);
                }

                var events = EventRecorders.Create(client, new EventRecorderOptions("kubelet", options.NodeName), cancellationToken, log, time);
                var machine = MachineInfo.Read();
                var prober = KubeletProbes.CreateProber(cri.Runtime);
                var probes = KubeletProbes.CreateManager(prober, time, loggerFactory);
                using var services = ServiceCache.Create(client, log, time);
                using var disposeProbes = new Disposables(probes, prober);
                var serviceWatch = services.RunAsync(cancellationToken);
                var context = new PodContext(client, cri.Runtime, cri.Images, options, Extensions(client, services, cri.Runtime, options, machine, prober, probes, events, loggerFactory, time), events, log, time)
                {
                    HostIp = options.InternalIp,
                    RuntimeName = version.RuntimeName,
                    NodeMemoryBytes = machine.MemoryBytes,
                };
                var runtimeText = NodeObjects.RuntimeVersionText(version);
                LogStarted(log, options.NodeName, runtimeText, supervisor.SocketPath);
                var heartbeats = agent.RunAsync(cancellationToken);
                var pods = new PodManager(context).RunAsync(ready, cancellationToken);
                var server = KubeletEndpoints.ServeAsync(options, cri.Runtime, loggerFactory, log, time, cancellationToken);
                var routes = options.RoutePodNetworks ? new PodRoutes(client, options, podCidr, log, time).RunAsync(cancellationToken) : Task.CompletedTask;
                var supervision = supervisor.SuperviseAsync(cancellationToken);
                await Task.WhenAll(heartbeats, pods, server, routes, serviceWatch, supervision).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // stopping: pods keep running and are adopted on the next start
            }
            finally
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await supervisor.StopAsync(stop.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// After the network list is written: until containerd reports NetworkReady (it reloads the CNI
    /// directory on its own), so the first sandbox does not fail with "cni plugin not initialized".
    /// </summary>
    private static async Task WaitForNetworkAsync(CriConnection cri, bool ownContainerd, ILogger log, CancellationToken cancellationToken)
    {
        if (!ownContainerd)
        {
            return;
        }

        for (var attempt = 0; attempt < NetworkReadyAttempts; attempt++)
        {
            if (await cri.NetworkReadyAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(NetworkReadyPoll, cancellationToken).ConfigureAwait(false);
        }

        LogNetworkNotReady(log, NetworkReadyAttempts * NetworkReadyPoll.TotalSeconds);
    }

    private static NodePodExtensions Extensions(
        IApiClient client, ServiceCache services, IRuntimeService runtime, KubeletOptions options, MachineInfo machine, IProber prober, IProbeManager probes, IEventRecorder events, ILoggerFactory loggerFactory, TimeProvider time)
    {
        var allocatable = new NodeAllocatable(machine.CpuCores * 1000L, machine.MemoryBytes);
        return new NodePodExtensions(
            PodVolumes.Create(client, new PodVolumesOptions(options.DataDirectory, allocatable), loggerFactory),
            ContainerEnvironments.Create(client, services, new ContainerEnvironmentOptions(allocatable), loggerFactory),
            KubeletProbes.CreateHooks(prober, time, loggerFactory),
            probes,
            runtime,
            events,
            loggerFactory.CreateLogger("Kubesharp.Kubelet.Pods"),
            time);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "containerd did not report NetworkReady within {Seconds} s of the CNI configuration being written; pod sandboxes may fail until it does")]
    private static partial void LogNetworkNotReady(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "kubelet of node {Node} running on {Runtime} at {Socket}")]
    private static partial void LogStarted(ILogger logger, string node, string runtime, string socket);
}
