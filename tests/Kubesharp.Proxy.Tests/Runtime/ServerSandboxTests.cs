using Kubesharp.Testing.Sandbox;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Transport;
using Kubesharp.Testing.Server;

namespace Kubesharp.Proxy.Tests.Runtime;

/// <summary>The real <c>kubesharp server</c> in a network sandbox: its proxy and DNS components follow Services made through the API.</summary>
[Trait("Category", "Runtime")]
public sealed class ServerSandboxTests
{
    [Fact]
    public async Task Server_InSandbox_ProgramsServicesWritesLoadBalancerStatusAndServesDns()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Environment.UserName == "root", "needs root (network namespaces, nftables); run the tests as root");
        if (!NetworkSandbox.IsInside)
        {
            await NetworkSandbox.RunMethodInsideAsync($"{typeof(ServerSandboxTests).FullName}.{nameof(Server_InSandbox_ProgramsServicesWritesLoadBalancerStatusAndServesDns)}", TimeSpan.FromMinutes(3), ct);
            return;
        }

        await SandboxNetwork.SetUpAsync();
        await SandboxNetwork.RunAsync("ip", "addr add 10.43.0.10/32 dev ks0"); // the cluster DNS address, as the node setup provides it
        await using var server = new KubesharpServerProcess("kubesharp-proxy-e2e-");
        await server.StartAsync("--disable", "controllers");
        for (var i = 0; i < 100 && !(server.Output.Contains("proxy ready", StringComparison.Ordinal) && server.Output.Contains("dns ready", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100, ct);
        }

        Assert.Contains("proxy ready", server.Output, StringComparison.Ordinal);
        Assert.Contains("dns ready", server.Output, StringComparison.Ordinal);
        await using var transport = ApiTransports.FromKubeconfig(server.KubeconfigPath);
        var client = ApiClients.Create(transport);
        var services = BuiltInResources.Get("", "services");
        await client.CreateAsync(services, "default", Objects.Service("web", "10.43.0.50", "LoadBalancer", nodePort: 30080), ct);
        await client.CreateAsync(BuiltInResources.Get("discovery.k8s.io", "endpointslices"), "default", Objects.Slice("web", 8080, null, ("10.42.0.2", null, true)), ct);

        var table = "";
        JsonObject? web = null;
        for (var i = 0; i < 100; i++)
        {
            table = await SandboxNetwork.RunAsync("nft", "list table ip kubesharp");
            web = await client.GetAsync(services, "default", "web", ct);
            if (table.Contains("10.43.0.50 . tcp . 80 : goto lb-1", StringComparison.Ordinal) && web["status"]?["loadBalancer"]?["ingress"] is JsonArray { Count: > 0 })
            {
                break;
            }

            await Task.Delay(100, ct);
        }

        Assert.Contains("10.43.0.50 . tcp . 80 : goto lb-1", table, StringComparison.Ordinal);
        var ingress = web!["status"]!["loadBalancer"]!["ingress"]!.AsArray().Select(i => i!["ip"]!.GetValue<string>()).ToList();
        Assert.Contains(SandboxNetwork.NodeAddress, ingress);
        Assert.Contains($"{SandboxNetwork.NodeAddress} . tcp . 80 : goto ext-lb-1", table, StringComparison.Ordinal);

        Assert.Equal("10.43.0.50", await ResolveAsync("web.default.svc.cluster.local", ct));

        await client.DeleteAsync(services, "default", "web", null, ct);
        for (var i = 0; i < 100 && table.Contains("10.43.0.50", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100, ct);
            table = await SandboxNetwork.RunAsync("nft", "list table ip kubesharp");
        }

        Assert.DoesNotContain("10.43.0.50", table, StringComparison.Ordinal);
        Assert.DoesNotContain("30080", table, StringComparison.Ordinal);
    }

    /// <summary>One A query to 10.43.0.10:53, the first answer's address (a deliberately small client; the DNS tests have the full one).</summary>
    private static async Task<string> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        var query = new List<byte> { 0xAB, 0xCD, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.Split('.'))
        {
            query.Add((byte)label.Length);
            query.AddRange(Encoding.ASCII.GetBytes(label));
        }

        query.AddRange([0, 0, 1, 0, 1]);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse("10.43.0.10"), 53), bounded.Token);
        await socket.SendAsync(query.ToArray(), SocketFlags.None, bounded.Token);
        var buffer = new byte[512];
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, bounded.Token);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(6))); // one answer
        // The answer is the last record: its rdata, 4 bytes, ends the message.
        return new IPAddress(buffer.AsSpan(n - 4, 4)).ToString();
    }
}
