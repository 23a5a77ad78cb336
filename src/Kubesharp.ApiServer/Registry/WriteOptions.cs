namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// Options of a create or update: dry run (validate and answer, write nothing), and the field
/// manager recorded in metadata.managedFields (null: record nothing, as for server-side apply,
/// whose patch engine records its own entry).
/// </summary>
public sealed record WriteOptions(bool DryRun = false, string? FieldManager = null)
{
    public static WriteOptions None { get; } = new();
}
