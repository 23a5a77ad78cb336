using System.CommandLine;
using System.Reflection;

namespace Kubesharp.Commands;

/// <summary><c>kubesharp version</c>: the build's version.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the Kubesharp version.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.WriteLine($"kubesharp {version}");
            return ExitCodes.Success;
        });
        return command;
    }
}
