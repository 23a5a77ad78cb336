using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kubesharp.Kubelet.Tests.Probes;

/// <summary>
/// A gRPC health server made of busybox alone, so a pod of our busybox image can serve grpc probes
/// offline (no gRPC server binary is to be had without a registry): <c>nc -ll</c> answers every
/// connection with the same HTTP/2 bytes — server SETTINGS, an ACK of the client's, then on stream 1
/// the response HEADERS (:status 200, content-type application/grpc; HPACK literals, no Huffman),
/// one DATA frame holding HealthCheckResponse{status}, and the trailers (grpc-status 0, END_STREAM).
/// It ignores what the client asks, so it answers any service name with the one status.
/// </summary>
internal static class BusyboxGrpcHealth
{
    /// <summary>The per-connection script (run by <c>nc -e sh FILE</c>) for status SERVING (1) or NOT_SERVING (2).</summary>
    public static string ConnectionScript(int status) =>
        "printf '\\000\\000\\000\\004\\000\\000\\000\\000\\000'\n"
        + "sleep 0.2\n" // the client's preface, SETTINGS and request HEADERS (stream 1) arrive meanwhile
        + "printf '\\000\\000\\000\\004\\001\\000\\000\\000\\000"
        + "\\000\\000\\024\\001\\004\\000\\000\\000\\001\\210\\017\\020\\020application/grpc"
        + $"\\000\\000\\007\\000\\000\\000\\000\\000\\001\\000\\000\\000\\000\\002\\010\\00{status}"
        + "\\000\\000\\017\\001\\005\\000\\000\\000\\001\\000\\013grpc-status\\0010'\n"
        + "exec cat > /dev/null\n"; // until the client hangs up: closing with its bytes unread would reset the connection

    /// <summary>A container's shell command: write the script, then serve it on <paramref name="port"/> for every connection.</summary>
    public static string ServeCommand(int status, int port) =>
        $"cat > /tmp/grpc.sh <<'EOF'\n{ConnectionScript(status)}EOF\nexec nc -ll -p {port} -e sh /tmp/grpc.sh";

    /// <summary>Runs the server on a loopback port of this machine (the test kills it).</summary>
    public static (Process Process, int Port) StartOnLoopback(int status)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("/bin/busybox") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var arg in new[] { "sh", "-c", ServeCommand(status, port).Replace("/tmp/grpc.sh", $"/tmp/kubesharp-grpc-{port}.sh", StringComparison.Ordinal) })
        {
            start.ArgumentList.Add(arg);
        }

        return (Process.Start(start) ?? throw new InvalidOperationException("busybox did not start"), port);
    }
}
