namespace Kubesharp.Kubelet.Runtime;

/// <summary>Whether containerd may lower processes' oom_score_adj below its own (it cannot without CAP_SYS_RESOURCE).</summary>
public enum OomScoreAdjPolicy
{
    /// <summary>Restrict only when this process lacks CAP_SYS_RESOURCE (see docs: PLATFORM.md).</summary>
    Auto,

    /// <summary>Always set <c>restrict_oom_score_adj</c>.</summary>
    Restrict,

    /// <summary>Upstream behaviour: sandboxes get -998, which fails without CAP_SYS_RESOURCE.</summary>
    Upstream,
}
