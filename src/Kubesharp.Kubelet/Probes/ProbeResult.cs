namespace Kubesharp.Kubelet.Probes;

/// <summary>One attempt's outcome; <see cref="Message"/> is what upstream puts after "probe failed: ".</summary>
public sealed record ProbeResult(ProbeStatus Status, string Message)
{
    public static ProbeResult Success { get; } = new(ProbeStatus.Success, "");

    public static ProbeResult Failed(string message) => new(ProbeStatus.Failure, message);

    public static ProbeResult Unknown(string message) => new(ProbeStatus.Unknown, message);

    public bool Succeeded => Status == ProbeStatus.Success;
}
