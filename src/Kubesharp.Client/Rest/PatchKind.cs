namespace Kubesharp.Client.Rest;

public enum PatchKind
{
    /// <summary>RFC 6902 JSON patch.</summary>
    Json,

    /// <summary>RFC 7386 JSON merge patch.</summary>
    Merge,

    StrategicMerge,

    /// <summary>Server-side apply.</summary>
    Apply,
}
