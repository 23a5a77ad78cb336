using System.Text.Json.Nodes;

namespace Kubesharp.Scheduler.Model;

/// <summary>A node taint.</summary>
internal sealed record Taint(string Key, string? Value, string Effect)
{
    public static Taint From(JsonObject t) => new(
        t["key"]?.GetValue<string>() ?? string.Empty,
        t["value"]?.GetValue<string>(),
        t["effect"]?.GetValue<string>() ?? "NoSchedule");

    /// <summary>As upstream prints it in scheduling failures: {key: value}.</summary>
    public override string ToString() => $"{{{Key}: {Value}}}";
}
