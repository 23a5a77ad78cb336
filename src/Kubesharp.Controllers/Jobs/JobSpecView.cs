using System.Text.Json.Nodes;
using Kubesharp.Controllers.Common;

namespace Kubesharp.Controllers.Jobs;

/// <summary>A Job's spec with upstream's defaults (parallelism 1, backoffLimit 6; completions unset = any success ends it).</summary>
internal sealed class JobSpecView(JsonObject job)
{
    public int Parallelism { get; } = (int)(Json.Int(job, "spec", "parallelism") ?? 1);

    public int? Completions { get; } = Json.Int(job, "spec", "completions") is { } c ? (int)c : null;

    public int BackoffLimit { get; } = (int)(Json.Int(job, "spec", "backoffLimit") ?? 6);

    public TimeSpan? ActiveDeadline { get; } = Json.Int(job, "spec", "activeDeadlineSeconds") is { } s ? TimeSpan.FromSeconds(s) : null;
}
