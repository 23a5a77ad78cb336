using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Subresources;

/// <summary>
/// Which container of a pod a log, exec or attach request means, with upstream's messages when the
/// request names none or a wrong one, and the kubelet's when the container has not started yet.
/// </summary>
internal static class PodContainers
{
    private const string DefaultContainerAnnotation = "kubectl.kubernetes.io/default-container";

    /// <exception cref="ApiException">400 when the container cannot be chosen or is not in the pod.</exception>
    public static string Choose(JsonObject pod, string? requested)
    {
        var name = pod["metadata"]?["name"]?.GetValue<string>() ?? "";
        var spec = pod["spec"] as JsonObject;
        var names = Names(spec, "initContainers").Concat(Names(spec, "containers")).Concat(Names(spec, "ephemeralContainers")).ToList();
        if (!string.IsNullOrEmpty(requested))
        {
            return names.Contains(requested, StringComparer.Ordinal)
                ? requested
                : throw ApiErrors.BadRequest($"container {requested} is not valid for pod {name}");
        }

        var regular = Names(spec, "containers").ToList();
        if (regular.Count == 1)
        {
            return regular[0];
        }

        if (pod["metadata"]?["annotations"]?[DefaultContainerAnnotation]?.GetValue<string>() is { Length: > 0 } annotated && regular.Contains(annotated))
        {
            return annotated;
        }

        throw ApiErrors.BadRequest(regular.Count == 0
            ? $"a container name must be specified for pod {name}"
            : $"a container name must be specified for pod {name}, choose one of: [{string.Join(" ", names)}]");
    }

    /// <summary>The kubelet's refusal for a container that has produced nothing to read or enter yet; null when it has.</summary>
    public static string? NotStarted(JsonObject pod, string container, bool previous)
    {
        var podName = pod["metadata"]?["name"]?.GetValue<string>() ?? "";
        var status = Status(pod, container);
        var lastTerminated = status?["lastState"]?["terminated"];
        if (previous)
        {
            return lastTerminated is null ? $"previous terminated container \"{container}\" in pod \"{podName}\" not found" : null;
        }

        var state = status?["state"] as JsonObject;
        if (state?["running"] is not null || state?["terminated"] is not null || lastTerminated is not null)
        {
            return null;
        }

        var reason = state?["waiting"]?["reason"]?.GetValue<string>() is { Length: > 0 } r ? r : "ContainerCreating";
        return reason switch
        {
            "ErrImagePull" => $"container \"{container}\" in pod \"{podName}\" is waiting to start: image can't be pulled",
            "ImagePullBackOff" => $"container \"{container}\" in pod \"{podName}\" is waiting to start: trying and failing to pull image",
            _ => $"container \"{container}\" in pod \"{podName}\" is waiting to start: {reason}",
        };
    }

    private static JsonObject? Status(JsonObject pod, string container)
    {
        foreach (var list in new[] { "containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses" })
        {
            if (pod["status"]?[list] is JsonArray statuses
                && statuses.OfType<JsonObject>().FirstOrDefault(s => s["name"]?.GetValue<string>() == container) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static IEnumerable<string> Names(JsonObject? spec, string list) =>
        (spec?[list] as JsonArray ?? []).OfType<JsonObject>().Select(c => c["name"]?.GetValue<string>()).OfType<string>();
}
