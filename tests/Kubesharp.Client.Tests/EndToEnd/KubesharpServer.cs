using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kubesharp.Client.Tests.EndToEnd;

/// <summary>
/// Starts the real <c>kubesharp server</c> (built beside this project) on a free port with a temp
/// data dir, waits for its kubeconfig and /readyz, and stops that process (by its own handle) at the end.
/// (A copy of the EndToEnd project's fixture: test projects are executables and do not reference each other.)
/// </summary>
internal sealed class KubesharpServer : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private Process? _process;
    private readonly System.Text.StringBuilder _output = new();

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "kubesharp-client-e2e-" + Guid.NewGuid().ToString("N"));

    public string KubeconfigPath => Path.Combine(DataDirectory, "kubeconfig.yaml");

    public int Port { get; private set; }

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

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        Port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { ServerDll(), "server", "--data-dir", DataDirectory, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
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

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
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
    private static string ServerDll()
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
