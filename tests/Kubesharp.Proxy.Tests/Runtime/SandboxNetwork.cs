using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kubesharp.Testing.Processes;

namespace Kubesharp.Proxy.Tests.Runtime;

/// <summary>
/// Inside the sandbox: a veth pair (no dummy module in every kernel) with a client address, two backend addresses and a
/// "node" address, plus a route for the service CIDR, and small TCP backends that answer with
/// their own address.
/// </summary>
internal static class SandboxNetwork
{
    public const string Client = "10.42.0.1";
    public const string NodeAddress = "192.168.5.10";

    public static async Task SetUpAsync()
    {
        foreach (var command in new[]
        {
            "link add ks0 type veth peer name ks1",
            "link set ks1 up",
            "link set ks0 up",
            $"addr add {Client}/24 dev ks0",
            "addr add 10.42.0.2/24 dev ks0",
            "addr add 10.42.0.3/24 dev ks0",
            $"addr add {NodeAddress}/32 dev ks0",
            $"route add 10.43.0.0/16 dev ks0 src {Client}",
        })
        {
            await RunAsync("ip", command);
        }
    }

    public static Task<string> RunAsync(string file, string arguments, string? stdin = null) =>
        ProcessRun.SucceedAsync(file, arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries), TimeSpan.FromSeconds(30), stdin);

    /// <summary>Accepts connections on address:port and writes the address, until cancelled.</summary>
    public static async Task ServeAsync(string address, int port, CancellationToken cancellationToken)
    {
        var listener = new TcpListener(IPAddress.Parse(address), port);
        listener.Start();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(cancellationToken);
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(address), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // test over
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Connects, reads what the backend says; throws SocketException when refused.</summary>
    public static async Task<string> AskAsync(string address, int port, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(5));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Parse(address), port, bounded.Token);
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        return await reader.ReadToEndAsync(bounded.Token);
    }
}
