namespace Kubesharp.Kubelet.Probes;

/// <summary>The three container probes; the names are the ones upstream puts in event messages.</summary>
public enum ProbeType
{
    Liveness,
    Readiness,
    Startup,
}
