using Kubesharp.Client.Processes;

namespace Kubesharp.Kubelet.Images;

/// <summary>
/// Imports with containerd's own <c>ctr</c> (shipped with Debian's containerd) into the <c>k8s.io</c>
/// namespace, the one the CRI plugin serves; ctr also unpacks into the default snapshotter.
/// </summary>
internal sealed class CtrImageImporter(string socketPath, string ctrPath, TimeSpan timeout) : IImageImporter
{
    public async Task<IReadOnlyList<string>> ImportAsync(string archivePath, CancellationToken cancellationToken)
    {
        if (!File.Exists(archivePath))
        {
            throw new FileNotFoundException($"image archive '{archivePath}' not found", archivePath);
        }

        ProcessOutput result;
        try
        {
            result = await BoundedProcess.RunAsync(
                new ProcessRequest(ctrPath, ["--address", socketPath, "--namespace", "k8s.io", "images", "import", archivePath], timeout), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"importing '{archivePath}' did not finish within {timeout.TotalSeconds} s (ctr was stopped)");
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"importing '{archivePath}' failed (ctr exit code {result.ExitCode}): {result.Error.Trim()}");
        }

        // ctr prints "unpacking NAME (sha256:...)...done" per image.
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("unpacking ", StringComparison.Ordinal))
            .Select(l => l["unpacking ".Length..].Split(' ')[0])
            .ToArray();
    }
}
