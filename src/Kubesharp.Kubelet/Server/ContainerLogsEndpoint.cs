using Kubesharp.Kubelet.Cri;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.Kubelet.Server;

/// <summary>GET /containerLogs/{namespace}/{pod}/{container}: the container's CRI log file with kubectl logs' options.</summary>
internal sealed class ContainerLogsEndpoint(PodContainers containers, IRuntimeService runtime, TimeSpan followInterval, TimeProvider time)
{
    public async Task HandleAsync(HttpContext context, string ns, string pod, string container)
    {
        var ct = context.RequestAborted;
        var request = LogRequest.Parse(pod, context.Request.Query, time.GetUtcNow());
        var attempts = await containers.AttemptsAsync(ns, pod, container, ct);
        var chosen = request.Previous
            ? attempts.Skip(1).FirstOrDefault()
                ?? throw KubeletApiException.BadRequest($"previous terminated container \"{container}\" in pod \"{pod}\" not found")
            : attempts[0];
        var status = await runtime.ContainerStatusAsync(chosen.Id, ct);
        if (status.LogPath.Length == 0 || !File.Exists(status.LogPath))
        {
            // A container that never wrote has no file yet; an empty log, as upstream.
            context.Response.ContentType = "text/plain";
            return;
        }

        context.Response.ContentType = "text/plain";
        var follow = request.Follow && !request.Previous && status.State is ContainerState.Running or ContainerState.Created;
        await context.Response.StartAsync(ct);
        await LogStreamer.StreamAsync(
            status.LogPath, request with { Follow = follow }, context.Response.Body, c => StillRunningAsync(chosen.Id, c), followInterval, ct);
    }

    private async Task<bool> StillRunningAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            var status = await runtime.ContainerStatusAsync(containerId, cancellationToken);
            return status.State is ContainerState.Running or ContainerState.Created;
        }
        catch (CriException e) when (e.Kind == CriErrorKind.NotFound)
        {
            // Removed with its pod: nothing more will be written.
            return false;
        }
    }
}
