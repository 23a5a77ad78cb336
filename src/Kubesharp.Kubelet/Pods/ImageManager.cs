using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubesharp.Client.Events;
using Kubesharp.Kubelet.Cri;

namespace Kubesharp.Kubelet.Pods;

/// <summary>
/// Makes sure a container's image is on the node before it is created, by its pull policy, with
/// upstream's events (Pulling, Pulled, Failed, BackOff) and back-off (ErrImagePull, then
/// ImagePullBackOff). Offline nodes: with policy Always and no reachable registry, the local
/// image is used and a Warning says so, unless <see cref="KubeletOptions.StrictImagePull"/>.
/// A registry found unreachable is not asked again for a minute, so offline pod starts stay fast.
/// </summary>
internal sealed class ImageManager(IImageService images, KubeletOptions options, IEventRecorder events, TimeProvider time)
{
    private static readonly TimeSpan UnreachableMemory = TimeSpan.FromMinutes(1);
    private readonly BackOff backOff = BackOff.ForContainers(time);
    private readonly ConcurrentDictionary<string, DateTimeOffset> unreachableUntil = new(StringComparer.Ordinal);

    public const string ImportHint = "this node pulls from no registry it can reach: import the image with 'kubesharp images import FILE' (an OCI or docker archive)";

    public async Task<ImageOutcome> EnsureAsync(JsonObject involved, string backOffKey, JsonObject container, PodSandboxSpec sandbox, CancellationToken cancellationToken)
    {
        var image = PodView.Str(container["image"]) ?? "";
        var policy = PodView.Str(container["imagePullPolicy"]) ?? ImageReferences.DefaultPullPolicy(image);
        var local = await images.ImageStatusAsync(image, cancellationToken).ConfigureAwait(false);
        if (policy == "Never")
        {
            if (local is not null)
            {
                return Present(involved, image);
            }

            var message = $"Container image \"{image}\" is not present with pull policy of Never";
            events.Record(involved, EventType.Warning, "ErrImageNeverPull", message);
            return new ImageOutcome(new WaitingReason("ErrImageNeverPull", message));
        }

        if (policy != "Always" && local is not null)
        {
            return Present(involved, image);
        }

        var registry = ImageReferences.Registry(image);
        if (local is not null && !options.StrictImagePull && unreachableUntil.TryGetValue(registry, out var until) && until > time.GetUtcNow())
        {
            return UseLocal(involved, image, $"registry {registry} was unreachable moments ago");
        }

        if (backOff.IsInBackOffSince(backOffKey, time.GetUtcNow()) && local is null)
        {
            var message = $"Back-off pulling image \"{image}\"";
            events.Record(involved, EventType.Normal, "BackOff", message);
            return new ImageOutcome(new WaitingReason("ImagePullBackOff", message));
        }

        events.Record(involved, EventType.Normal, "Pulling", $"Pulling image \"{image}\"");
        var started = time.GetTimestamp();
        string detail;
        bool unreachable;
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(options.ImagePullTimeout);
            await images.PullImageAsync(new ImagePull(image) { Sandbox = sandbox }, bounded.Token).ConfigureAwait(false);
            events.Record(involved, EventType.Normal, "Pulled", $"Successfully pulled image \"{image}\" in {time.GetElapsedTime(started).TotalMilliseconds:F0}ms");
            return ImageOutcome.Present;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            detail = $"pull did not finish within {options.ImagePullTimeout.TotalSeconds:F0}s";
            unreachable = true;
        }
        catch (CriException e)
        {
            detail = e.Detail;
            unreachable = e.Kind is CriErrorKind.DeadlineExceeded || ImageReferences.IsUnreachable(e.Detail);
        }

        if (unreachable)
        {
            unreachableUntil[registry] = time.GetUtcNow() + UnreachableMemory;
            if (local is not null && !options.StrictImagePull)
            {
                return UseLocal(involved, image, detail);
            }
        }

        backOff.Next(backOffKey);
        var failure = $"Failed to pull image \"{image}\": {detail}" + (local is null ? $"; {ImportHint}" : "");
        events.Record(involved, EventType.Warning, "Failed", failure);
        events.Record(involved, EventType.Warning, "Failed", "Error: ErrImagePull");
        return new ImageOutcome(new WaitingReason("ErrImagePull", failure));
    }

    public void Forget(string podUid) => backOff.Forget(podUid + "/");

    private ImageOutcome Present(JsonObject involved, string image)
    {
        events.Record(involved, EventType.Normal, "Pulled", $"Container image \"{image}\" already present on machine");
        return ImageOutcome.Present;
    }

    private ImageOutcome UseLocal(JsonObject involved, string image, string why)
    {
        events.Record(involved, EventType.Warning, "PullSkippedOffline",
            $"Could not pull image \"{image}\" (imagePullPolicy Always): {why}; running the copy already on the node (start the node with --strict-image-pull for upstream behaviour)");
        return ImageOutcome.Present;
    }
}
