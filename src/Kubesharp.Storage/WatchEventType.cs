namespace Kubesharp.Storage;

/// <summary>What happened to a key.</summary>
public enum WatchEventType
{
    Created,
    Updated,
    Deleted,
}
