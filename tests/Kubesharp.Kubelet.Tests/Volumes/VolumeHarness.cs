using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Env;
using Kubesharp.Kubelet.Tests.Env;
using Kubesharp.Kubelet.Volumes;
using Kubesharp.Testing.Time;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kubesharp.Kubelet.Tests.Volumes;

/// <summary>A volume manager over a temp kubelet directory, a fake API and a manual clock.</summary>
internal sealed class VolumeHarness : IDisposable
{
    public VolumeHarness()
    {
        Directory.CreateDirectory(Root);
        Volumes = new PodVolumeManager(Api, new PodVolumesOptions(Root, new NodeAllocatable(2000, 1L << 30)), Time, NullLogger.Instance);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "kubesharp-vol-" + Guid.NewGuid().ToString("N"));

    public FakeApiClient Api { get; } = new();

    public ManualTime Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public PodVolumeManager Volumes { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A pod "web" in namespace "shop" with uid "u-1"; automountServiceAccountToken false unless the spec says otherwise.</summary>
    public static JsonObject Pod(string volumes, string containers = """{"name":"c"}""", string? extraSpec = null) => JsonNode.Parse(
        """{"metadata":{"name":"web","namespace":"shop","uid":"u-1","labels":{"app":"web","tier":"front"}},"spec":{"""
        + (extraSpec ?? "\"automountServiceAccountToken\":false") + ""","volumes":[""" + volumes + "],\"containers\":[" + containers + "]}}")!.AsObject();

    public string VolumeDir(string plugin, string name) => Path.Combine(Root, "pods", "u-1", "volumes", "kubernetes.io~" + plugin, name);

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            // Secret and projected volumes are tmpfs mounts when the tests run as root.
            foreach (var mount in NodeFiles.MountsUnder(Root))
            {
                NodeFiles.Unmount(mount);
            }

            Directory.Delete(Root, recursive: true);
        }
    }
}
