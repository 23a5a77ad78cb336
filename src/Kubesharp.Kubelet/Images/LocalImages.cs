using System.Runtime.InteropServices;
using Kubesharp.Client.Processes;

namespace Kubesharp.Kubelet.Images;

/// <summary>
/// The node's own images, built from one static busybox binary so no registry is ever needed:
/// <list type="bullet">
/// <item>pause: busybox as sh + sleep; the entrypoint sleeps until SIGTERM (trap), which keeps it a
/// well-behaved PID 1 that also reaps children (sh's wait) without shipping a separate pause binary;</item>
/// <item>busybox: every applet as a /bin symlink (sh, sleep, echo, wget, httpd, ...), default command sh;</item>
/// <item>httpd: the busybox image plus /www/index.html, running busybox httpd in the foreground on port 80.</item>
/// </list>
/// </summary>
public static class LocalImages
{
    /// <summary>What the httpd image serves at /.</summary>
    public const string HttpdIndexPage = "<html><body><h1>kubesharp httpd</h1></body></html>\n";

    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(10);

    private const string PauseScript = "trap 'exit 0' TERM INT; while true; do sleep 3600 & wait $!; done";

    public static async Task<IReadOnlyList<LocalImageArchive>> BuildAsync(LocalImageOptions options, CancellationToken cancellationToken)
    {
        var busybox = await File.ReadAllBytesAsync(options.BusyboxPath, cancellationToken).ConfigureAwait(false);
        var applets = await ListAppletsAsync(options.BusyboxPath, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(options.OutputDirectory);
        var result = new List<LocalImageArchive>();
        foreach (var spec in Specs(options, busybox, applets, ArchitectureOf(RuntimeInformation.OSArchitecture)))
        {
            var file = Path.Combine(options.OutputDirectory, FileNameOf(spec.Name));
            var stream = File.Create(file);
            await using (stream.ConfigureAwait(false))
            {
                var digests = await OciArchive.WriteAsync(spec, stream, cancellationToken).ConfigureAwait(false);
                result.Add(new LocalImageArchive(spec.Name, file, digests));
            }
        }

        return result;
    }

    internal static IReadOnlyList<OciImageSpec> Specs(LocalImageOptions options, ReadOnlyMemory<byte> busybox, IReadOnlyList<string> applets, string architecture)
    {
        var pause = new OciImageSpec(options.PauseImage, architecture, Root(busybox, ["sh", "sleep"]))
        {
            Entrypoint = ["/bin/sh", "-c", PauseScript],
        };
        var shell = new OciImageSpec(options.BusyboxImage, architecture, Root(busybox, applets)) { Cmd = ["sh"] };
        var httpd = new OciImageSpec(options.HttpdImage, architecture,
            [.. Root(busybox, applets), ImageFile.Directory("www"), ImageFile.Text("www/index.html", HttpdIndexPage)])
        {
            Entrypoint = ["/bin/httpd", "-f", "-v", "-p", "80", "-h", "/www"],
            ExposedPorts = ["80/tcp"],
        };
        return [pause, shell, httpd];
    }

    internal static string ArchitectureOf(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.X86 => "386",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    internal static string FileNameOf(string imageName) =>
        string.Concat(imageName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')) + ".oci.tar";

    private static List<ImageFile> Root(ReadOnlyMemory<byte> busybox, IEnumerable<string> applets)
    {
        var files = new List<ImageFile>
        {
            ImageFile.Directory("bin"),
            ImageFile.Directory("etc"),
            ImageFile.Directory("tmp", (UnixFileMode)0b1_111_111_111),
            ImageFile.Directory("root", (UnixFileMode)0b111_000_000),
            ImageFile.ExecutableFile("bin/busybox", busybox),
            ImageFile.Text("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"),
            ImageFile.Text("etc/group", "root:x:0:\nnogroup:x:65534:\n"),
        };
        foreach (var applet in applets.Where(a => a != "busybox").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            files.Add(ImageFile.Symlink("bin/" + applet, "busybox"));
        }

        return files;
    }

    private static async Task<IReadOnlyList<string>> ListAppletsAsync(string busyboxPath, CancellationToken cancellationToken)
    {
        ProcessOutput result;
        try
        {
            result = await BoundedProcess.RunAsync(new ProcessRequest(busyboxPath, ["--list"], ListTimeout), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"{busyboxPath} --list did not finish within {ListTimeout.TotalSeconds} s");
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{busyboxPath} --list exited with code {result.ExitCode}");
        }

        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
