using System.CommandLine;

namespace Kubesharp.Commands;

/// <summary><c>kubesharp kubeconfig</c>: prints the admin kubeconfig the server wrote, for <c>&gt; ~/.kube/config</c>.</summary>
internal static class KubeconfigCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The cluster's data directory.", DefaultValueFactory = _ => DataDirectory.Default };
        var command = new Command("kubeconfig", "Print the admin kubeconfig of the cluster in the data directory.") { dataDir };
        command.SetAction(result =>
        {
            var path = Path.Combine(Path.GetFullPath(result.GetValue(dataDir)!), "kubeconfig.yaml");
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"kubesharp kubeconfig: {path} does not exist; start the cluster once (kubesharp up) or pass --data-dir");
                return ExitCodes.UserError;
            }

            Console.Write(File.ReadAllText(path));
            return ExitCodes.Success;
        });
        return command;
    }
}
