using Kubesharp.Kubelet.Cri;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Probes;

/// <summary>Entry point for the kubelet's probes and lifecycle hooks.</summary>
public static class KubeletProbes
{
    /// <summary>The probe runner (exec over <paramref name="runtime"/>, httpGet, tcpSocket). Dispose with the kubelet.</summary>
    public static IProber CreateProber(IRuntimeService runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return new Prober(runtime);
    }

    /// <summary>The per-container probe manager; dispose it to stop every probe loop and complete its events.</summary>
    public static IProbeManager CreateManager(IProber prober, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(prober);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return new ProbeManager(prober, time, loggerFactory.CreateLogger<ProbeManager>());
    }

    public static ILifecycleHooks CreateHooks(IProber prober, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(prober);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return new LifecycleHooks(prober, time, loggerFactory.CreateLogger<LifecycleHooks>());
    }
}
