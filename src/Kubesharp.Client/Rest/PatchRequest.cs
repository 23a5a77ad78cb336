namespace Kubesharp.Client.Rest;

/// <summary>A patch body and its type (which selects the Content-Type header).</summary>
/// <param name="FieldManager">Required by server-side apply; recorded in managedFields otherwise.</param>
public sealed record PatchRequest(PatchKind Kind, string Body, string? FieldManager = null, bool Force = false)
{
    public string ContentType => Kind switch
    {
        PatchKind.Json => "application/json-patch+json",
        PatchKind.Merge => "application/merge-patch+json",
        PatchKind.StrategicMerge => "application/strategic-merge-patch+json",
        PatchKind.Apply => "application/apply-patch+yaml",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };
}
