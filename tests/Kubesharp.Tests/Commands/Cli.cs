using System.Diagnostics;
using Kubesharp.Testing.Processes;
using Kubesharp.Testing.Server;

namespace Kubesharp.Tests.Commands;

/// <summary>Runs the real kubesharp binary with arguments, bounded in time.</summary>
internal static class Cli
{
    public static Task<ProcessResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { KubesharpServerProcess.ServerDll() } };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return ProcessRun.RunAsync(start, null, TimeSpan.FromSeconds(60));
    }
}
