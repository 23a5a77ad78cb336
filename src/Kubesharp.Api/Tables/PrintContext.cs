namespace Kubesharp.Api.Tables;

/// <summary>What printers need besides the object: the current time, for ages and durations.</summary>
internal sealed class PrintContext(DateTimeOffset now)
{
    public DateTimeOffset Now { get; } = now;

    /// <summary>translateTimestampSince: "&lt;unknown&gt;" for a missing time, else the human duration since it.</summary>
    public string Since(DateTimeOffset? time) => time is null ? "<unknown>" : HumanDuration.Format(Now - time.Value);

    public string Age(System.Text.Json.Nodes.JsonObject obj) => Since(Json.Time(obj, "metadata", "creationTimestamp"));
}
