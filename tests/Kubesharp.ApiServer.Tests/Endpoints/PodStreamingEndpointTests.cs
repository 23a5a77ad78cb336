using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Tests.Serving;

namespace Kubesharp.ApiServer.Tests.Endpoints;

/// <summary>pods/log, exec, attach and portforward through the real API server to a kubelet stand-in on loopback.</summary>
public sealed class PodStreamingEndpointTests(InProcessServer server) : IClassFixture<InProcessServer>
{
    [Fact]
    public async Task Log_ScheduledPod_ForwardedWithKubeletClientCertificateAndOptions()
    {
        await using var kubelet = await FakeKubelet.StartAsync();
        var pod = await CreatePodAsync("logs-a", kubelet.Port, running: true);

        var response = await server.Client.GetAsync($"/api/v1/namespaces/default/pods/{pod}/log?tailLines=2&timestamps=true&follow=false", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FakeKubelet.LogText, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal($"GET /containerLogs/default/{pod}/app?follow=false&timestamps=true&tailLines=2", Assert.Single(kubelet.Requests));
        Assert.Contains("kube-apiserver-kubelet-client", kubelet.ClientNames);
    }

    [Fact]
    public async Task Log_ContainerNotStarted_BadRequestAsKubelet()
    {
        await using var kubelet = await FakeKubelet.StartAsync();
        var pod = await CreatePodAsync("logs-b", kubelet.Port, running: false);

        var status = await FailureAsync(await server.Client.GetAsync($"/api/v1/namespaces/default/pods/{pod}/log", Ct));

        Assert.Equal((400, "BadRequest"), status);
        Assert.Empty(kubelet.Requests);
    }

    [Fact]
    public async Task Log_MissingPod_NotFound()
    {
        Assert.Equal((404, "NotFound"), await FailureAsync(await server.Client.GetAsync("/api/v1/namespaces/default/pods/nobody/log", Ct)));
    }

    [Fact]
    public async Task Exec_NodeUnreachable_ServiceUnavailableStatus()
    {
        var pod = await CreatePodAsync("exec-down", UnusedPort(), running: true);
        var (head, _) = await UpgradeAsync($"/api/v1/namespaces/default/pods/{pod}/exec?command=ls&stdout=true", "SPDY/3.1", null, null);
        Assert.StartsWith("HTTP/1.1 503", head, StringComparison.Ordinal);
        Assert.Contains("error dialing backend", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_SpdyUpgrade_RelayedBothWaysWithKubeletQuery()
    {
        await using var kubelet = await FakeKubelet.StartAsync();
        var pod = await CreatePodAsync("exec-a", kubelet.Port, running: true);

        var (head, echoed) = await UpgradeAsync($"/api/v1/namespaces/default/pods/{pod}/exec?command=sh&command=-c&command=true&stdin=true&stdout=true&stderr=true&tty=true", "SPDY/3.1", null, "ping");

        Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);
        Assert.Contains("X-Stream-Protocol-Version: v4.channel.k8s.io", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("echo:ping", echoed);
        // The forwarder sends upgrades as GET; the runtime's streaming server takes either.
        Assert.EndsWith($" /exec/default/{pod}/app?command=sh&command=-c&command=true&input=1&output=1&tty=1", Assert.Single(kubelet.Requests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_WebSocketV5_RefusedSoKubectlFallsBackToSpdy()
    {
        await using var kubelet = await FakeKubelet.StartAsync();
        var pod = await CreatePodAsync("exec-ws", kubelet.Port, running: true);

        var (head, _) = await UpgradeAsync($"/api/v1/namespaces/default/pods/{pod}/exec?command=ls&stdout=true", "websocket", "v5.channel.k8s.io, v4.channel.k8s.io", null);

        Assert.StartsWith("HTTP/1.1 400", head, StringComparison.Ordinal);
        Assert.Empty(kubelet.Requests);
    }

    [Fact]
    public async Task Exec_Checks_UpstreamMessages()
    {
        await using var kubelet = await FakeKubelet.StartAsync();
        var pod = await CreatePodAsync("exec-checks", kubelet.Port, running: true);

        var plain = await server.Client.PostAsync($"/api/v1/namespaces/default/pods/{pod}/exec?command=ls&stdout=true", null, Ct);
        Assert.Contains("Upgrade request required", await plain.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var (noCommand, _) = await UpgradeAsync($"/api/v1/namespaces/default/pods/{pod}/exec?stdout=true", "SPDY/3.1", null, null);
        Assert.Contains("you must specify at least 1 command", noCommand, StringComparison.Ordinal);
        var (wrong, _) = await UpgradeAsync($"/api/v1/namespaces/default/pods/{pod}/attach?container=other&stdout=true", "SPDY/3.1", null, null);
        Assert.Contains($"container other is not valid for pod {pod}", wrong, StringComparison.Ordinal);
        var (forward, _) = await UpgradeAsync($"/api/v1/namespaces/default/pods/{pod}/portforward?ports=80", "SPDY/3.1", null, null);
        Assert.StartsWith("HTTP/1.1 101", forward, StringComparison.Ordinal);
        Assert.Contains(kubelet.Requests, r => r.EndsWith($" /portForward/default/{pod}?port=80", StringComparison.Ordinal));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> CreatePodAsync(string name, int kubeletPort, bool running)
    {
        var node = $"node-{name}";
        await PutStatusAsync("/api/v1/nodes", $"/api/v1/nodes/{node}/status", new JsonObject { ["metadata"] = new JsonObject { ["name"] = node } }, new JsonObject
        {
            ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = "127.0.0.1" }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = kubeletPort } },
        });
        var state = running ? new JsonObject { ["running"] = new JsonObject() } : new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } };
        await PutStatusAsync("/api/v1/namespaces/default/pods", $"/api/v1/namespaces/default/pods/{name}/status", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["nodeName"] = node, ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "busybox" }) },
        }, new JsonObject
        {
            ["phase"] = running ? "Running" : "Pending",
            ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "busybox", ["ready"] = running, ["restartCount"] = 0, ["state"] = state }),
        });
        return name;
    }

    private async Task PutStatusAsync(string collection, string statusPath, JsonObject obj, JsonObject status)
    {
        var created = await server.Client.PostAsync(collection, new StringContent(obj.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!.AsObject();
        body["status"] = status;
        var updated = await server.Client.PutAsync(statusPath, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
    }

    private static async Task<(int Code, string Reason)> FailureAsync(HttpResponseMessage response)
    {
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        return (status["code"]!.GetValue<int>(), status["reason"]!.GetValue<string>());
    }

    /// <summary>A raw HTTP/1.1 upgrade as kubectl sends it; returns the response head (and body, if not upgraded) and what came back after <paramref name="send"/>.</summary>
    private async Task<(string Head, string Echo)> UpgradeAsync(string path, string upgrade, string? protocols, string? send)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Client.BaseAddress!.Port, Ct);
        var directory = Path.GetDirectoryName(server.KubeconfigPath)!;
        using var pem = X509Certificate2.CreateFromPemFile(Path.Combine(directory, "tls", "admin.crt"), Path.Combine(directory, "tls", "admin.key"));
        using var admin = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = [admin],
            // The test server signs its own serving certificate; presence is all this test needs.
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        }, Ct);
        var method = upgrade == "websocket" ? "GET" : "POST";
        var extra = upgrade == "websocket"
            ? $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: {protocols}\r\n"
            : "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nContent-Length: 0\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: {upgrade}\r\n{extra}\r\n"), Ct);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bounded.CancelAfter(TimeSpan.FromSeconds(20));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await tls.ReadAsync(buffer, bounded.Token);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var head = received.ToString();
        if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            // Failures carry a Status body after the head; read a little of it.
            var read = head.EndsWith("\r\n\r\n", StringComparison.Ordinal) ? await tls.ReadAsync(buffer, bounded.Token) : 0;
            return (head + Encoding.UTF8.GetString(buffer, 0, read), "");
        }

        if (send is null)
        {
            return (head, "");
        }

        await tls.WriteAsync(Encoding.ASCII.GetBytes(send), Ct);
        var echo = new StringBuilder(head[(head.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        while (echo.Length < send.Length + 5)
        {
            var read = await tls.ReadAsync(buffer, bounded.Token);
            if (read == 0)
            {
                break;
            }

            echo.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return (head, echo.ToString());
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
