using System.Diagnostics;

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

        var start = new ProcessStartInfo(ctrPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--address", socketPath, "--namespace", "k8s.io", "images", "import", archivePath })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {ctrPath}");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(bounded.Token);
            var stderr = process.StandardError.ReadToEndAsync(bounded.Token);
            await process.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"importing '{archivePath}' failed (ctr exit code {process.ExitCode}): {errors.Trim()}");
            }

            // ctr prints "unpacking NAME (sha256:...)...done" per image.
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => l.StartsWith("unpacking ", StringComparison.Ordinal))
                .Select(l => l["unpacking ".Length..].Split(' ')[0])
                .ToArray();
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
    }
}
