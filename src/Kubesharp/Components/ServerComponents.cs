namespace Kubesharp.Components;

/// <summary>
/// The components <c>kubesharp server</c> runs beside the API server, in start order. Each issue
/// that adds a component adds one line here; <c>--disable NAME</c> leaves it out.
/// </summary>
internal static class ServerComponents
{
    public static IReadOnlyList<IClusterComponent> All(Commands.NodeSettings? node = null) =>
    [
        new SchedulerComponent(),
        new ControllerManagerComponent(),
        new ProxyComponent(),
        new DnsComponent(),
        new KubeletComponent(node ?? Commands.NodeSettings.Default),
    ];

    public static IReadOnlyList<string> Names => All().Select(c => c.Name).ToArray();
}
