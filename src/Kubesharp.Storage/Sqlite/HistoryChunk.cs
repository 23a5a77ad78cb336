namespace Kubesharp.Storage.Sqlite;

/// <summary>Events read from history and the revision to continue the replay from.</summary>
internal sealed record HistoryChunk(List<WatchEvent> Events, long NextRevision);
