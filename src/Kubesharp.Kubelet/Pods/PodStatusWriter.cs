using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;

namespace Kubesharp.Kubelet.Pods;

/// <summary>Writes a pod's status through pods/status, only when it changed; a conflict reads the pod again once.</summary>
internal static class PodStatusWriter
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");

    /// <summary>The pod the status is computed from: the informer's, or ours when our last write is newer than it.</summary>
    public static PodView Basis(PodWorker worker, JsonObject pod)
    {
        if (worker.LastWritten is null || Version(pod) >= worker.LastWrittenVersion)
        {
            return new PodView(pod);
        }

        var copy = (JsonObject)pod.DeepClone();
        copy["status"] = worker.LastWritten.DeepClone();
        return new PodView(copy);
    }

    public static async Task WriteAsync(PodContext context, PodWorker worker, JsonObject pod, JsonObject status, CancellationToken cancellationToken)
    {
        if (JsonNode.DeepEquals(status, worker.LastWritten) || JsonNode.DeepEquals(status, pod["status"]))
        {
            return;
        }

        var update = (JsonObject)pod.DeepClone();
        update["status"] = status.DeepClone();
        JsonObject written;
        try
        {
            written = await context.Client.UpdateStatusAsync(Pods, update, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.IsConflict)
        {
            var view = new PodView(pod);
            var fresh = await context.Client.GetAsync(Pods, view.Namespace, view.Name, cancellationToken).ConfigureAwait(false);
            if (PodView.Str(fresh["metadata"]?["uid"]) != worker.Uid)
            {
                return;
            }

            fresh["status"] = status.DeepClone();
            written = await context.Client.UpdateStatusAsync(Pods, fresh, cancellationToken).ConfigureAwait(false);
        }

        worker.LastWritten = status;
        worker.LastWrittenVersion = Version(written);
    }

    private static long Version(JsonObject pod) =>
        long.TryParse(PodView.Str(pod["metadata"]?["resourceVersion"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
}
