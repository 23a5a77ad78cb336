namespace Kubesharp.Storage.Sqlite;

/// <summary>What a queued write does; <see cref="Expire"/> is a delete issued by the TTL sweeper.</summary>
internal enum WriteKind
{
    Create,
    Update,
    Delete,
    Expire,
}
