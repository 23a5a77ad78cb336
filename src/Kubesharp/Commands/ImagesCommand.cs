using System.CommandLine;
using Kubesharp.Kubelet;
using Kubesharp.Kubelet.Images;

namespace Kubesharp.Commands;

/// <summary>
/// <c>kubesharp images import FILE...</c>: loads OCI or docker-archive tars into the node's containerd
/// (the one the local kubelet started, or <c>--container-runtime-endpoint</c>), where pods find them.
/// Nodes pull from no registry, so this is how images arrive; archives left in
/// <c>&lt;data-dir&gt;/images/</c> are imported at every kubelet start as well.
/// </summary>
internal static class ImagesCommand
{
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(5);

    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The cluster's data directory.", DefaultValueFactory = _ => DataDirectory.Default };
        var endpoint = new Option<string?>("--container-runtime-endpoint") { Description = "CRI socket of the containerd to import into (default: the local kubelet's)." };
        var files = new Argument<string[]>("FILE") { Description = "Image archives (OCI layout or docker save tar).", Arity = ArgumentArity.OneOrMore };
        var import = new Command("import", "Import image archives into the node's container runtime.") { dataDir, endpoint, files };
        import.SetAction(async (result, cancellationToken) =>
        {
            var socket = result.GetValue(endpoint) ?? KubeletHost.RuntimeSocket(Path.Combine(Path.GetFullPath(result.GetValue(dataDir)!), "kubelet"));
            if (!File.Exists(socket))
            {
                await Console.Error.WriteLineAsync($"kubesharp images import: no container runtime at {socket}; start the cluster (kubesharp up) as root or pass --container-runtime-endpoint");
                return ExitCodes.UserError;
            }

            var importer = ImageImport.ForContainerd(socket, ImportTimeout);
            foreach (var file in result.GetValue(files)!)
            {
                try
                {
                    var names = await importer.ImportAsync(Path.GetFullPath(file), cancellationToken);
                    Console.WriteLine($"imported {file}: {(names.Count == 0 ? "(no named images)" : string.Join(", ", names))}");
                }
                catch (Exception e) when (e is FileNotFoundException or InvalidOperationException)
                {
                    await Console.Error.WriteLineAsync($"kubesharp images import: {e.Message}");
                    return ExitCodes.UserError;
                }
            }

            return ExitCodes.Success;
        });
        return new Command("images", "Manage the node's images (no registry needed).") { import };
    }
}
