using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Subresources;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// pods/{name}/exec, /attach and /portforward: checked here, then the client's upgrade request goes
/// to the node's kubelet, which hands it to the container runtime's streaming server. The runtime
/// (containerd 1.6) speaks SPDY/3.1 and WebSocket v1–v4, so those pass through unchanged.
/// WebSocket v5 exec and SPDY-over-WebSocket port-forward (kubectl ≥ 1.30) are refused before the
/// upgrade, which is kubectl's cue to retry over SPDY: translating them would add nothing the runtime
/// can honour over its WebSocket (v4 cannot close stdin, which kubectl cp and piped -i need).
/// </summary>
internal sealed class PodStreamHandler(StreamKind kind, ResourceRegistry registry, KubeletLocation kubelets, KubeletForwarder forwarder) : ISubresourceHandler
{
    private static readonly string[] FallBackToSpdy = ["v5.channel.k8s.io", "SPDY/3.1+portforward.k8s.io"];

    public async Task HandleAsync(HttpContext context, ObjectRef target, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsPost(request.Method))
        {
            throw ApiErrors.MethodNotAllowed();
        }

        var pod = await registry.GetAsync(target, cancellationToken);
        if (!StreamUpgrade.Requested(request))
        {
            throw ApiErrors.BadRequest("Upgrade request required");
        }

        if (StreamUpgrade.WebSocketProtocols(request).Any(p => FallBackToSpdy.Contains(p, StringComparer.OrdinalIgnoreCase)))
        {
            throw ApiErrors.BadRequest($"unable to upgrade connection: this server streams {kind.ToString().ToLowerInvariant()} over SPDY/3.1 or WebSocket v4");
        }

        var node = pod["spec"]?["nodeName"]?.GetValue<string>();
        if (string.IsNullOrEmpty(node))
        {
            throw ApiErrors.BadRequest($"pod {target.Name} does not have a host assigned");
        }

        var path = kind == StreamKind.PortForward
            ? $"portForward/{Uri.EscapeDataString(target.Namespace ?? "")}/{Uri.EscapeDataString(target.Name)}" + PortForwardQuery(request.Query)
            : ContainerPath(pod, target, request.Query);
        var kubelet = await kubelets.BaseUriAsync(node, cancellationToken);
        await forwarder.ForwardAsync(context, new Uri(kubelet, path));
    }

    private string ContainerPath(System.Text.Json.Nodes.JsonObject pod, ObjectRef target, IQueryCollection query)
    {
        var container = PodContainers.Choose(pod, query["container"]);
        if (PodContainers.NotStarted(pod, container, previous: false) is { } refusal)
        {
            throw ApiErrors.BadRequest(refusal);
        }

        var passed = new List<KeyValuePair<string, string?>>();
        if (kind == StreamKind.Exec)
        {
            var command = query["command"].Where(c => !string.IsNullOrEmpty(c)).ToList();
            if (command.Count == 0)
            {
                throw ApiErrors.BadRequest("you must specify at least 1 command");
            }

            passed.AddRange(command.Select(c => new KeyValuePair<string, string?>("command", c)));
        }

        // kubectl's names (stdin, stdout, stderr, tty) become the kubelet's (input, output, error, tty), as upstream.
        var stdin = Flag(query, "stdin");
        var stdout = Flag(query, "stdout");
        var stderr = Flag(query, "stderr");
        var tty = Flag(query, "tty");
        if (!stdin && !stdout && !stderr)
        {
            throw ApiErrors.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
        }

        AddFlag(passed, "input", stdin);
        AddFlag(passed, "output", stdout);
        AddFlag(passed, "error", stderr && !tty);
        AddFlag(passed, "tty", tty);
        var verb = kind == StreamKind.Exec ? "exec" : "attach";
        return $"{verb}/{Uri.EscapeDataString(target.Namespace ?? "")}/{Uri.EscapeDataString(target.Name)}/{Uri.EscapeDataString(container)}"
            + QueryString.Create(passed);
    }

    private static string PortForwardQuery(IQueryCollection query)
    {
        var ports = query["ports"].Where(p => !string.IsNullOrEmpty(p)).Select(p => new KeyValuePair<string, string?>("port", p)).ToList();
        return ports.Count == 0 ? "" : QueryString.Create(ports).ToString();
    }

    private static bool Flag(IQueryCollection query, string name) => query[name].ToString() is "true" or "1" or "True";

    private static void AddFlag(List<KeyValuePair<string, string?>> passed, string name, bool on)
    {
        if (on)
        {
            passed.Add(new(name, "1"));
        }
    }
}
