using System.Reflection;

namespace Kubesharp.ApiServer.Serving;

/// <summary>Build facts of this assembly, for /version.</summary>
internal static class ThisAssembly
{
    /// <summary>The source commit from the informational version (the SDK appends +sha).</summary>
    public static string Commit { get; } =
        typeof(ThisAssembly).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+') is [_, var sha]
            ? sha
            : "unknown";
}
