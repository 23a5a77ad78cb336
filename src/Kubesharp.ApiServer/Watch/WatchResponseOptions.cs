using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Watch;

/// <summary>
/// How a watch response is shaped: when it ends, whether it sends BOOKMARKs (and how often), the
/// kind/apiVersion bookmarks carry, and an optional per-object transform (Table output).
/// </summary>
internal sealed record WatchResponseOptions(TimeSpan Timeout, bool Bookmarks, string Kind, string ApiVersion)
{
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(10);

    public Func<JsonObject, JsonObject>? Transform { get; init; }
}
