using System.Text.Json.Nodes;

namespace Kubesharp.Client.Rest;

/// <summary>One event of a watch stream.</summary>
public sealed record WatchEvent(WatchEventType Type, JsonObject Body)
{
    public string? ResourceVersion => ObjectKeys.ResourceVersion(Body);
}
