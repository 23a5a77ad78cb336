namespace Kubesharp.Storage.Sqlite;

/// <summary>
/// A compaction in progress. The writer runs it one bounded chunk at a time, between write
/// batches, so forgetting a long history never stalls writers for long.
/// </summary>
internal sealed class CompactionWork : WriterWork
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CompactionWork(long targetRevision) => TargetRevision = targetRevision;

    public long TargetRevision { get; }

    /// <summary>The lowest revision not yet examined; rows below it are done.</summary>
    public long NextRevision { get; set; }

    /// <summary>False until the compacted revision has been recorded in the meta table.</summary>
    public bool Started { get; set; }

    public Task Completion => _completion.Task;

    public void Succeed() => _completion.TrySetResult();

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
