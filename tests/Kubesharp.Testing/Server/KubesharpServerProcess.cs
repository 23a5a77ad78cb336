using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kubesharp.Testing.Server;

/// <summary>
/// Starts the real <c>kubesharp server</c> (built beside this project) on a free port with a temp
/// data dir, waits for its kubeconfig and /readyz, and stops that process (by its own handle) at the end.
/// Test projects wrap it in their own xunit fixture.
/// </summary>
public sealed class KubesharpServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private Process? _process;
    private readonly System.Text.StringBuilder _output = new();

    public KubesharpServerProcess(string dataDirectoryPrefix = "kubesharp-e2e-") =>
        DataDirectory = Path.Combine(Path.GetTempPath(), dataDirectoryPrefix + Guid.NewGuid().ToString("N"));

    public string DataDirectory { get; }

    /// <summary>The kubesharp command to run: <c>server</c> (default), <c>up</c> or <c>apiserver</c>.</summary>
    public string Command { get; init; } = "server";

    /// <summary>
    /// A kubesharp executable to run (e.g. the Native AOT one from scripts/publish.sh); null runs the
    /// build beside this project with <c>dotnet</c>.
    /// </summary>
    public string? Executable { get; init; }

    public string KubeconfigPath => Path.Combine(DataDirectory, "kubeconfig.yaml");

    public int Port { get; private set; }

    /// <summary>The server process id (0 before start), for memory readings.</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>What the server printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>kubesharp server</c> with <paramref name="extraArguments"/> appended (e.g. <c>--disable agent</c>).</summary>
    public async Task StartAsync(params string[] extraArguments)
    {
        Directory.CreateDirectory(DataDirectory);
        Port = Port == 0 ? FreePort() : Port;
        var start = new ProcessStartInfo(Executable ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Outside a network sandbox the service proxy, DNS and kubelet stay off: they would write the
        // host's nftables, bind its addresses and give pods bridges on the host, and parallel test
        // servers would fight over them.
        string[] hostGuard = Environment.GetEnvironmentVariable("KUBESHARP_NETNS") == "1" || Command == "apiserver" ? [] : ["--disable", "proxy,dns,kubelet"];
        foreach (var arg in (Executable is null ? [ServerDll()] : Array.Empty<string>()).Concat([Command, "--data-dir", DataDirectory, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]).Concat(hostGuard).Concat(extraArguments))
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start kubesharp");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    /// <summary>
    /// Kills the server with its whole process tree (as a crash would) and starts it again on the
    /// same data directory and port; containers of a kubelet's pods outlive it, as on a real node.
    /// </summary>
    public async Task RestartAsync(params string[] extraArguments)
    {
        await StopProcessAsync();
        Append("--- restarted by the test ---");
        await StartAsync(extraArguments);
    }

    /// <summary>
    /// Stops the server as Ctrl-C does (SIGTERM, so it stops its components and containerd itself),
    /// waiting up to <paramref name="timeout"/> before killing the tree; the data dir stays for a new start.
    /// </summary>
    public async Task StopGracefullyAsync(TimeSpan timeout)
    {
        if (_process is { HasExited: false } process)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            await kill.WaitForExitAsync();
            using var bounded = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(bounded.Token);
            }
            catch (OperationCanceledException)
            {
                Append("--- did not stop on SIGTERM; killed by the test ---");
            }
        }

        await StopProcessAsync();
    }

    /// <summary>The server's exit code after a stop (null while running or never started).</summary>
    public int? LastExitCode { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private async Task StopProcessAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        if (_process is not null)
        {
            LastExitCode = _process.ExitCode;
            _process.Dispose();
        }

        _process = null;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"kubesharp server exited with {_process.ExitCode}:\n{Output}");
            }

            if (File.Exists(KubeconfigPath))
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"https://127.0.0.1:{Port}/readyz"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException)
                {
                    // Slow start.
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"kubesharp server was not ready within {StartTimeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>kubesharp.dll of the same configuration as this test assembly (bin/{Configuration}/net10.0).</summary>
    public static string ServerDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Kubesharp.slnx")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("Kubesharp.slnx not found above " + AppContext.BaseDirectory);
        }

        var dll = Path.Combine(root.FullName, "src", "Kubesharp", "bin", configuration, here.Name, "kubesharp.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Kubesharp first", dll);
    }
}
