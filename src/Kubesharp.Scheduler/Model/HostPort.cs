namespace Kubesharp.Scheduler.Model;

/// <summary>A host port a pod claims; 0.0.0.0 conflicts with every address.</summary>
internal sealed record HostPort(string Ip, string Protocol, int Port)
{
    public bool ConflictsWith(HostPort other) =>
        Port == other.Port && Protocol == other.Protocol && (Ip == other.Ip || Ip == "0.0.0.0" || other.Ip == "0.0.0.0");
}
