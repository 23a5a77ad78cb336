namespace Kubesharp.Kubelet.Probes;

/// <summary>The outcome of one probe or hook attempt.</summary>
public enum ProbeStatus
{
    Success,
    Failure,

    /// <summary>The probe could not run (e.g. the runtime is unreachable); counts as neither.</summary>
    Unknown,
}
