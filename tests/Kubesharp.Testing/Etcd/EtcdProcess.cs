using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kubesharp.Testing.Etcd;

/// <summary>
/// A throwaway etcd cluster of the Debian <c>etcd</c> binary on loopback: free ports, a temp
/// data directory, nothing inherited from ETCD_* variables. Members are stopped by their own
/// process handle only.
/// </summary>
public sealed class EtcdProcess : IAsyncDisposable
{
    private const string Binary = "/usr/bin/etcd";
    private readonly string _root;
    private readonly StringBuilder _log = new();

    private EtcdProcess(string root, IReadOnlyList<EtcdMemberProcess> members)
    {
        _root = root;
        Members = members;
    }

    public IReadOnlyList<EtcdMemberProcess> Members { get; }

    public IReadOnlyList<Uri> ClientUrls => [.. Members.Select(m => m.ClientUrl)];

    public static bool IsInstalled => File.Exists(Binary);

    public static async Task<EtcdProcess> StartAsync(int memberCount, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("kubesharp-etcd-").FullName;
        var ports = FreePorts(memberCount * 2);
        var names = Enumerable.Range(0, memberCount).Select(i => $"m{i}").ToArray();
        var peers = names.Select((n, i) => new Uri($"http://127.0.0.1:{ports[2 * i + 1]}")).ToArray();
        var clients = names.Select((n, i) => new Uri($"http://127.0.0.1:{ports[2 * i]}")).ToArray();
        var initialCluster = string.Join(",", names.Select((n, i) => $"{n}={Trim(peers[i])}"));
        var token = "kubesharp-test-" + Guid.NewGuid().ToString("N");

        var members = new List<EtcdMemberProcess>();
        var cluster = new EtcdProcess(root, members);
        try
        {
            for (var i = 0; i < memberCount; i++)
            {
                var name = names[i];
                var dataDirectory = Path.Combine(root, name);
                var info = new ProcessStartInfo(Binary)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (var variable in info.Environment.Keys.Where(k => k.StartsWith("ETCD", StringComparison.Ordinal)).ToList())
                {
                    info.Environment.Remove(variable);
                }

                foreach (var argument in new[]
                {
                    "--name", names[i],
                    "--data-dir", dataDirectory,
                    "--listen-client-urls", Trim(clients[i]),
                    "--advertise-client-urls", Trim(clients[i]),
                    "--listen-peer-urls", Trim(peers[i]),
                    "--initial-advertise-peer-urls", Trim(peers[i]),
                    "--initial-cluster", initialCluster,
                    "--initial-cluster-token", token,
                    "--initial-cluster-state", "new",
                    // Fast elections keep failover tests short; loopback latency is tiny.
                    "--heartbeat-interval", "50",
                    "--election-timeout", "500",
                    "--logger", "zap",
                    "--log-level", "warn",
                    // Kubernetes objects reach 1.5 MiB; etcd's default request limit is exactly that,
                    // which leaves no room for the key and the Txn around the value.
                    "--max-request-bytes", "10485760",
                })
                {
                    info.ArgumentList.Add(argument);
                }

                var process = new Process { StartInfo = info };
                process.OutputDataReceived += (_, e) => cluster.Append(name, e.Data);
                process.ErrorDataReceived += (_, e) => cluster.Append(name, e.Data);
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                members.Add(new EtcdMemberProcess(names[i], clients[i], peers[i], dataDirectory, process));
            }

            foreach (var member in members)
            {
                await cluster.WaitHealthyAsync(member, cancellationToken);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members)
        {
            await member.StopAsync();
            member.DisposeProcess();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Which member is the raft leader now, asked over etcd's Maintenance.Status.</summary>
    public async Task<EtcdMemberProcess> LeaderAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var member in Members.Where(m => m.IsRunning))
            {
                using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(member.ClientUrl);
                var client = new Kubesharp.Storage.Etcd.Protos.Maintenance.MaintenanceClient(channel);
                try
                {
                    var status = await client.StatusAsync(new(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
                    if (status.Leader != 0 && status.Leader == status.Header.MemberId)
                    {
                        return member;
                    }
                }
                catch (Grpc.Core.RpcException)
                {
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"No etcd member reported itself leader within 30 s:\n{Log}");
    }

    private static string Trim(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    private void Append(string member, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < 1_000_000)
            {
                _log.Append(member).Append(": ").AppendLine(line);
            }
        }
    }

    /// <summary>Waits until the member's /health says a leader is elected and it serves.</summary>
    private async Task WaitHealthyAsync(EtcdMemberProcess member, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (!member.IsRunning)
            {
                throw new InvalidOperationException($"etcd member {member.Name} exited during start:\n{Log}");
            }

            try
            {
                var body = await http.GetStringAsync(new Uri(member.ClientUrl, "/health"), cancellationToken);
                if (body.Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"etcd member {member.Name} did not become healthy in 30 s:\n{Log}");
    }

    /// <summary>Distinct free loopback ports; all listeners stay open until all are chosen.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
