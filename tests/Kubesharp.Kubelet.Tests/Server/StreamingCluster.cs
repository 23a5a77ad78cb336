using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Images;
using Kubesharp.Kubelet.Runtime;
using Kubesharp.Kubelet.Server;
using Kubesharp.Testing.Cluster;
using Kubesharp.Testing.Processes;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Tests.Server;

/// <summary>
/// Everything kubectl's streaming commands cross, real: the API server in-process, the kubelet
/// server, containerd with our images, and one pod whose containers the test starts over CRI
/// (standing in for the pod worker) and whose API object says where and that they run.
/// </summary>
internal sealed class StreamingCluster : IAsyncDisposable
{
    public const string Node = "node-a";
    public const string Pod = "web";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _data;
    private readonly ILoggerFactory _loggers;
    private readonly IContainerdSupervisor _containerd;
    private InProcessApiServer? _api;
    private CriConnection? _cri;
    private RunningKubeletServer? _kubelet;
    private string? _sandboxId;
    private PodSandboxSpec? _sandbox;

    private StreamingCluster(DirectoryInfo data, ILoggerFactory loggers, IContainerdSupervisor containerd)
    {
        _data = data;
        _loggers = loggers;
        _containerd = containerd;
    }

    public string KubeconfigPath => _api!.KubeconfigPath;

    public string Directory => _data.FullName;

    /// <summary>Starts everything; <paramref name="containers"/> are (name, image, shell script) run in one pod.</summary>
    public static async Task<StreamingCluster> StartAsync(IReadOnlyList<(string Name, string Image, string Script)> containers, CancellationToken ct)
    {
        var data = System.IO.Directory.CreateTempSubdirectory("kubesharp-streaming-");
        var loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        var containerd = Containerd.CreateSupervisor(new ContainerdOptions { DataDirectory = data.FullName, PodCidr = "10.42.9.0/24" }, loggers);
        var cluster = new StreamingCluster(data, loggers, containerd);
        try
        {
            await cluster.StartCoreAsync(containers, ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(IReadOnlyList<(string Name, string Image, string Script)> containers, CancellationToken ct)
    {
        await _containerd.StartAsync(Bounded(ct));
        var archives = await LocalImages.BuildAsync(new LocalImageOptions { OutputDirectory = Path.Combine(Directory, "images") }, ct);
        var importer = ImageImport.ForContainerd(_containerd.SocketPath, Step);
        foreach (var archive in archives)
        {
            await importer.ImportAsync(archive.Path, ct);
        }

        _api = await InProcessApiServer.StartAsync(null, ct);
        _cri = CriConnection.Open(_containerd.SocketPath);
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(_api.DataDirectory, "tls", "ca.crt"), ct));
        _kubelet = await KubeletServer.StartAsync(
            new KubeletServerOptions(IPAddress.Loopback, X509CertificateLoader.LoadCertificate(ca.RawData)) { Port = 0, LogFollowInterval = TimeSpan.FromMilliseconds(100) },
            _cri.Runtime,
            _loggers,
            null,
            ct);
        await CreateNodeAsync(_kubelet.Port, ct);
        await RunPodAsync(containers, ct);
    }

    /// <summary>Runs the real kubectl (a versioned build when <paramref name="version"/> is given) against the cluster.</summary>
    public Task<ProcessResult> KubectlAsync(string? stdin, params string[] args) => KubectlVersionAsync(null, stdin, args);

    public Task<ProcessResult> KubectlVersionAsync(string? version, string? stdin, params string[] args) =>
        ProcessRun.RunAsync(KubectlStart(version, args), stdin, TimeSpan.FromSeconds(60));

    public ProcessStartInfo KubectlStart(string? version, params string[] args)
    {
        var path = version is null ? "/usr/bin/kubectl" : Path.Combine(Path.GetDirectoryName(ResolvedKubectl())!, $"kubectl.{version}");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["KUBECONFIG"] = KubeconfigPath;
        start.Environment["HOME"] = Path.Combine(Directory, "kubectl-home");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    public static string ResolvedKubectl() => new FileInfo("/usr/bin/kubectl").ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? "/usr/bin/kubectl";

    private async Task CreateNodeAsync(int kubeletPort, CancellationToken ct)
    {
        var nodes = BuiltInResources.Get("", "nodes");
        var node = await _api!.Client.CreateAsync(nodes, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = Node } }, ct);
        node["status"] = new JsonObject
        {
            ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = "127.0.0.1" }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = kubeletPort } },
        };
        await _api.Client.UpdateStatusAsync(nodes, node, ct);
    }

    private async Task RunPodAsync(IReadOnlyList<(string Name, string Image, string Script)> containers, CancellationToken ct)
    {
        var runtime = _cri!.Runtime;
        var uid = Guid.NewGuid().ToString();
        var sandbox = new PodSandboxSpec(Pod, "default", uid) { LogDirectory = Path.Combine(Directory, "pods", Pod) };
        _sandbox = sandbox;
        _sandboxId = await runtime.RunPodSandboxAsync(sandbox, Bounded(ct));
        var statuses = new JsonArray();
        var specs = new JsonArray();
        foreach (var (name, image, script) in containers)
        {
            System.IO.Directory.CreateDirectory(Path.Combine(sandbox.LogDirectory, name));
            var spec = new ContainerSpec(name, image) { Command = ["sh", "-c", script], LogPath = $"{name}/0.log", Io = new ContainerIo { Stdin = true } };
            var id = await runtime.CreateContainerAsync(new NewContainer(_sandboxId, spec, sandbox), Bounded(ct));
            await runtime.StartContainerAsync(id, Bounded(ct));
            specs.Add((JsonNode)new JsonObject { ["name"] = name, ["image"] = image });
            statuses.Add((JsonNode)new JsonObject
            {
                ["name"] = name,
                ["image"] = image,
                ["ready"] = true,
                ["restartCount"] = 0,
                ["containerID"] = "containerd://" + id,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") } },
            });
        }

        var pods = BuiltInResources.Get("", "pods");
        var pod = await _api!.Client.CreateAsync(pods, "default", new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = Pod,
                ["annotations"] = new JsonObject { ["kubectl.kubernetes.io/default-container"] = containers[0].Name },
            },
            ["spec"] = new JsonObject { ["nodeName"] = Node, ["containers"] = specs },
        }, ct);
        pod["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = "10.42.9.2", ["containerStatuses"] = statuses };
        await _api.Client.UpdateStatusAsync(pods, pod, ct);
    }

    /// <summary>
    /// What the pod worker does when a container exits: the next attempt, logging to <c>{attempt}.log</c>,
    /// and the pod's status with the last one terminated.
    /// </summary>
    public async Task RestartAsync(string name, string image, string script, CancellationToken ct)
    {
        var runtime = _cri!.Runtime;
        var spec = new ContainerSpec(name, image) { Command = ["sh", "-c", script], LogPath = $"{name}/1.log", Attempt = 1 };
        var id = await runtime.CreateContainerAsync(new NewContainer(_sandboxId!, spec, _sandbox!), Bounded(ct));
        await runtime.StartContainerAsync(id, Bounded(ct));
        var pods = BuiltInResources.Get("", "pods");
        var pod = await _api!.Client.GetAsync(pods, "default", Pod, ct);
        var status = pod["status"]!["containerStatuses"]!.AsArray().OfType<JsonObject>().Single(c => c["name"]!.GetValue<string>() == name);
        status["lastState"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed", ["containerID"] = status["containerID"]!.GetValue<string>() } };
        status["containerID"] = "containerd://" + id;
        status["restartCount"] = 1;
        await _api.Client.UpdateStatusAsync(pods, pod, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sandboxId is not null && _cri is not null)
        {
            await _cri.Runtime.StopPodSandboxAsync(_sandboxId, CancellationToken.None);
            await _cri.Runtime.RemovePodSandboxAsync(_sandboxId, CancellationToken.None);
        }

        if (_kubelet is not null)
        {
            await _kubelet.DisposeAsync();
        }

        _cri?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        await _containerd.DisposeAsync();
        _loggers.Dispose();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A mount left by a failed run must not hide the test's own failure.
        }
    }

    private static CancellationToken Bounded(CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Step);
        return cts.Token;
    }
}
