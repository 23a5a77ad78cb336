using System.Text.Json.Nodes;
using Kubesharp.Client.Events;
using Kubesharp.Client.Rest;
using Kubesharp.Kubelet.Cri;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Pods;

/// <summary>What every part of the pod machinery shares for one node.</summary>
internal sealed record PodContext(
    IApiClient Client,
    IRuntimeService Runtime,
    IImageService Images,
    KubeletOptions Options,
    IPodExtensions Extensions,
    IEventRecorder Events,
    ILogger Log,
    TimeProvider Time)
{
    /// <summary>The node's InternalIP (status.hostIP).</summary>
    public required string HostIp { get; init; }

    /// <summary>containerd, from CRI Version: the prefix of containerIDs.</summary>
    public required string RuntimeName { get; init; }

    public required long NodeMemoryBytes { get; init; }

    /// <summary>&lt;data&gt;/pods/&lt;uid&gt;: the pod's logs (and the volumes helper's volumes).</summary>
    public string PodDirectory(string uid) => Path.Combine(Options.DataDirectory, "pods", uid);

    public string LogDirectory(string uid) => Path.Combine(PodDirectory(uid), "logs");

    /// <summary>The object events about <paramref name="pod"/> refer to.</summary>
    public static JsonObject Reference(PodView pod) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject
        {
            ["name"] = pod.Name,
            ["namespace"] = pod.Namespace,
            ["uid"] = pod.Uid,
            ["resourceVersion"] = PodView.Str(pod.Pod["metadata"]?["resourceVersion"]),
        },
    };

    public static Dictionary<string, string> UidSelector(string uid) => new(StringComparer.Ordinal) { [KubeletLabels.PodUid] = uid };
}
