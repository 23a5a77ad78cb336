using System.CommandLine;
using Kubesharp.Commands;

// main only wires: each command lives in its own type under Commands/.
var root = new RootCommand("Kubesharp: a Kubernetes-compatible cluster in one binary.")
{
    ServerCommand.CreateUp(),
    ServerCommand.Create(),
    AgentCommand.Create(),
    KubeconfigCommand.Create(),
    CertsCommand.Create(),
    TokenCommand.Create(),
    SimulateCommand.Create(),
    ImagesCommand.Create(),
    KubeletCommand.Create(),
    ServerCommand.CreateApiServer(),
    VersionCommand.Create(),
};
foreach (var component in ComponentCommand.CreateAll())
{
    root.Add(component);
}

var parsed = root.Parse(args);
return parsed.Errors.Count > 0 ? UsageError.Report(parsed) : await parsed.InvokeAsync();
