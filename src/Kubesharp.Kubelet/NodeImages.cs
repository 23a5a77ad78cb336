using Kubesharp.Kubelet.Cri;
using Kubesharp.Kubelet.Images;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet;

/// <summary>
/// The images a node has without any registry: its own (pause, busybox, httpd, built from
/// busybox-static; imported only when missing) and every archive in the images folder (k3s's
/// air-gap images), imported at each start.
/// </summary>
internal static partial class NodeImages
{
    public static async Task ImportAsync(KubeletOptions options, IImageService images, string socket, TimeSpan timeout, ILogger log, CancellationToken cancellationToken)
    {
        var importer = ImageImport.ForContainerd(socket, timeout);
        if (options.ImportLocalImages)
        {
            var local = new LocalImageOptions { OutputDirectory = Path.Combine(options.DataDirectory, "local-images") };
            foreach (var name in new[] { local.PauseImage, local.BusyboxImage, local.HttpdImage })
            {
                if (await images.ImageStatusAsync(name, cancellationToken).ConfigureAwait(false) is null)
                {
                    foreach (var archive in await LocalImages.BuildAsync(local, cancellationToken).ConfigureAwait(false))
                    {
                        await importer.ImportAsync(archive.Path, cancellationToken).ConfigureAwait(false);
                    }

                    LogBuilt(log, local.OutputDirectory);
                    break;
                }
            }
        }

        if (options.ImagesDirectory is { } folder && Directory.Exists(folder))
        {
            foreach (var archive in Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".tar", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                try
                {
                    var names = await importer.ImportAsync(archive, cancellationToken).ConfigureAwait(false);
                    var list = string.Join(", ", names);
                    LogImported(log, archive, list);
                }
                catch (InvalidOperationException e)
                {
                    LogImportFailed(log, archive, e.Message);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node images pause, busybox and httpd built in {Directory} and imported")]
    private static partial void LogBuilt(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "imported {Archive}: {Images}")]
    private static partial void LogImported(ILogger logger, string archive, string images);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not import {Archive}: {Error}")]
    private static partial void LogImportFailed(ILogger logger, string archive, string error);
}
