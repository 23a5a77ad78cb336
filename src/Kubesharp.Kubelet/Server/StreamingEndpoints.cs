using System.Globalization;
using System.Net.Http;
using Kubesharp.Kubelet.Cri;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Kubesharp.Kubelet.Server;

/// <summary>
/// exec, attach and portForward: the runtime prepares the stream and answers with a one-use URL
/// on its streaming server; the client's upgrade request (SPDY/3.1 or WebSocket) is forwarded
/// there unchanged, as upstream's kubelet does when it does not redirect.
/// </summary>
internal sealed class StreamingEndpoints(PodContainers containers, IRuntimeService runtime, IHttpForwarder forwarder, HttpMessageInvoker runtimeClient)
{
    // containerd closes idle streams after its own stream_idle_timeout (4 h by default); never before.
    private static readonly ForwarderRequestConfig Streaming = new() { ActivityTimeout = TimeSpan.FromHours(4) };

    public async Task ExecAsync(HttpContext context, string ns, string pod, string container)
    {
        var command = context.Request.Query["command"].Where(c => c is not null).Select(c => c!).ToArray();
        if (command.Length == 0)
        {
            throw KubeletApiException.BadRequest("you must specify at least 1 command");
        }

        var target = await containers.RunningAsync(ns, pod, container, context.RequestAborted);
        var url = await runtime.ExecAsync(new StreamingExec(target.Id, command) { Io = Io(context.Request.Query) }, context.RequestAborted);
        await ForwardAsync(context, url);
    }

    public async Task AttachAsync(HttpContext context, string ns, string pod, string container)
    {
        var target = await containers.RunningAsync(ns, pod, container, context.RequestAborted);
        var url = await runtime.AttachAsync(new StreamingAttach(target.Id) { Io = Io(context.Request.Query) }, context.RequestAborted);
        await ForwardAsync(context, url);
    }

    public async Task PortForwardAsync(HttpContext context, string ns, string pod)
    {
        var sandbox = await containers.SandboxAsync(ns, pod, context.RequestAborted);
        if (sandbox.State != PodSandboxState.Ready)
        {
            throw KubeletApiException.BadRequest($"pod \"{pod}\" is not running");
        }

        // SPDY clients name ports per stream; WebSocket clients list them in the query.
        var ports = new List<int>();
        foreach (var value in context.Request.Query["port"])
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                ports.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535
                    ? p
                    : throw KubeletApiException.BadRequest($"invalid port \"{part}\""));
            }
        }

        var url = await runtime.PortForwardAsync(sandbox.Id, ports, context.RequestAborted);
        await ForwardAsync(context, url);
    }

    /// <summary>Upstream's exec/attach query flags (the API server sets them as "1").</summary>
    private static StreamingIo Io(IQueryCollection query) => new()
    {
        Stdin = On(query, "input"),
        Stdout = On(query, "output"),
        Stderr = On(query, "error"),
        Tty = On(query, "tty"),
    };

    private static bool On(IQueryCollection query, string name) =>
        query[name].ToString() is "1" or "true" or "True";

    private async Task ForwardAsync(HttpContext context, Uri url)
    {
        var prefix = url.GetLeftPart(UriPartial.Authority);
        var error = await forwarder.SendAsync(context, prefix, runtimeClient, Streaming, new StreamTarget(url));
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            throw new KubeletApiException(502, "InternalError", $"error dialing the container runtime's streaming server: {error}");
        }
    }
}
