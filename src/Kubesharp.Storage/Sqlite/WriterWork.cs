namespace Kubesharp.Storage.Sqlite;

/// <summary>An item for the single writer loop: a key write or a compaction step.</summary>
internal abstract class WriterWork
{
    /// <summary>Ends the work with an error without running it (store closing, batch failed).</summary>
    public abstract void Fail(Exception error);
}
