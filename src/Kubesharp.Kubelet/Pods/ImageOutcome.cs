namespace Kubesharp.Kubelet.Pods;

/// <summary>Whether a container's image is on the node; when not, the waiting reason (ErrImagePull, ImagePullBackOff, ErrImageNeverPull).</summary>
internal sealed record ImageOutcome(WaitingReason? Failure)
{
    public static ImageOutcome Present { get; } = new((WaitingReason?)null);

    public bool Ok => Failure is null;
}
