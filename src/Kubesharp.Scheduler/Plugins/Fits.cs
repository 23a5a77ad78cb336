namespace Kubesharp.Scheduler.Plugins;

/// <summary>Filter results without allocating for the common "fits" case.</summary>
internal static class Fits
{
    public static readonly IReadOnlyList<string> Yes = [];

    public static IReadOnlyList<string> No(string reason) => [reason];
}
