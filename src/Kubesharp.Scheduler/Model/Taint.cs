using System.Text.Json.Nodes;

namespace Kubesharp.Scheduler.Model;

/// <summary>A node taint.</summary>
internal sealed record Taint(string Key, string? Value, string Effect)
{
    public static Taint From(JsonObject t) => new(
        t["key"]?.GetValue<string>() ?? string.Empty,
        t["value"]?.GetValue<string>(),
        t["effect"]?.GetValue<string>() ?? "NoSchedule");

    /// <summary>
    /// The filter's refusal, built once per taint: a tainted node refuses thousands of pods, and
    /// formatting the message per node and pod was a large share of a cycle's time.
    /// </summary>
    public IReadOnlyList<string> Untolerated { get; } = [$"node(s) had untolerated taint {{{Key}: {Value}}}"];

    public bool Equals(Taint? other) => other is not null && Key == other.Key && Value == other.Value && Effect == other.Effect;

    public override int GetHashCode() => HashCode.Combine(Key, Value, Effect);

    /// <summary>As upstream prints it in scheduling failures: {key: value}.</summary>
    public override string ToString() => $"{{{Key}: {Value}}}";
}
