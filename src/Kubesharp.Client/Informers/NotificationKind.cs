namespace Kubesharp.Client.Informers;

internal enum NotificationKind
{
    Add,
    Update,
    Delete,

    /// <summary>Marks the end of the first list's events: handlers have seen the initial state.</summary>
    Synced,
}
