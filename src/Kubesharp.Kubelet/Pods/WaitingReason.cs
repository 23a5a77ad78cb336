namespace Kubesharp.Kubelet.Pods;

/// <summary>Why a container is not running, as containerStatuses[].state.waiting shows it (e.g. CrashLoopBackOff, ErrImagePull).</summary>
internal sealed record WaitingReason(string Reason, string Message);
