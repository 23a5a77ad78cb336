using System.Text;
using Kubesharp.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kubesharp.Storage.Tests.Sqlite;

/// <summary>Behaviour specific to the embedded store: its file, batching and background work.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Open_RandomBytesFile_FailsCorruptNamingFileAndLeavesItUnchanged()
    {
        var path = _directory.File("state.db");
        var bytes = new byte[8192];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes, Ct);

        var error = await Assert.ThrowsAsync<StoreException>(() => Stores.OpenSqliteAsync(new SqliteStoreOptions(path), cancellationToken: Ct));

        Assert.Equal(StoreErrorCode.Corrupt, error.Code);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path, Ct));
    }

    [Fact]
    public async Task Open_DamagedStoreFile_FailsCorrupt()
    {
        var path = _directory.File("state.db");
        await using (var store = await OpenAsync(path))
        {
            await store.CreateAsync("/a", V("1"), cancellationToken: Ct);
        }

        // Keep the SQLite header, destroy the schema page behind it.
        var bytes = await File.ReadAllBytesAsync(path, Ct);
        new Random(3).NextBytes(bytes.AsSpan(100, Math.Min(4000, bytes.Length - 100)));
        await File.WriteAllBytesAsync(path, bytes, Ct);

        var error = await Assert.ThrowsAsync<StoreException>(() => OpenAsync(path));
        Assert.Equal(StoreErrorCode.Corrupt, error.Code);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_ForeignSqliteDatabase_FailsCorruptAndLeavesItUnchanged()
    {
        var path = _directory.File("other.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);";
            await command.ExecuteNonQueryAsync(Ct);
        }

        var before = await File.ReadAllBytesAsync(path, Ct);

        var error = await Assert.ThrowsAsync<StoreException>(() => OpenAsync(path));

        Assert.Equal(StoreErrorCode.Corrupt, error.Code);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("another application", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path, Ct));
    }

    [Fact]
    public async Task Open_NewerSchemaVersion_IsRefused()
    {
        var path = _directory.File("state.db");
        await (await OpenAsync(path)).DisposeAsync();
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteSchema.Version + 1}";
            await command.ExecuteNonQueryAsync(Ct);
        }

        var error = await Assert.ThrowsAsync<StoreException>(() => OpenAsync(path));
        Assert.Equal(StoreErrorCode.Corrupt, error.Code);
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_MissingDirectory_IsCreated()
    {
        var path = Path.Combine(_directory.Path, "a", "b", "state.db");
        await using var store = await OpenAsync(path);
        await store.CreateAsync("/x", V("1"), cancellationToken: Ct);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Reopen_KeepsDataHistoryAndRevision()
    {
        var path = _directory.File("state.db");
        long revision;
        KeyValue first;
        await using (var store = await OpenAsync(path))
        {
            first = await store.CreateAsync("/r/a", V("1"), cancellationToken: Ct);
            var second = await store.UpdateAsync("/r/a", V("2"), first.ModRevision, cancellationToken: Ct);
            await store.CreateAsync("/r/b", V("b"), TimeSpan.FromHours(1), Ct);
            await store.DeleteAsync("/r/b", cancellationToken: Ct);
            revision = store.CurrentRevision;
            Assert.Equal(second.ModRevision + 2, revision);
        }

        await using var reopened = await OpenAsync(path);
        Assert.Equal(revision, reopened.CurrentRevision);
        var a = await reopened.GetAsync("/r/a", Ct);
        Assert.Equal("2", Encoding.UTF8.GetString(a!.Value.Span));
        Assert.Equal(first.CreateRevision, a.CreateRevision);
        Assert.Null(await reopened.GetAsync("/r/b", Ct));
        var old = await reopened.ListAsync(new ListRequest("/r/", Revision: first.ModRevision), Ct);
        Assert.Equal("1", Encoding.UTF8.GetString(Assert.Single(old.Items).Value.Span));
        var next = await reopened.CreateAsync("/r/c", V("c"), cancellationToken: Ct);
        Assert.Equal(revision + 1, next.ModRevision);
    }

    [Fact]
    public async Task Writes_200Concurrent_AreGroupedIntoFewCommits()
    {
        await using var store = await OpenAsync(_directory.File("state.db"));
        var sqlite = Assert.IsType<SqliteStore>(store);
        var before = sqlite.Commits;

        using var start = new ManualResetEventSlim();
        var writes = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            start.Wait(Ct);
            return await store.CreateAsync($"/batch/{i:D3}", V($"{i}"), cancellationToken: Ct);
        }, Ct)).ToList();
        start.Set();
        var created = await Task.WhenAll(writes);

        var commits = sqlite.Commits - before;
        Assert.True(commits < 100, $"200 concurrent writes took {commits} commits");
        Assert.Equal(200, created.Select(kv => kv.ModRevision).Distinct().Count());
        Assert.Equal(200, await store.CountAsync("/batch/", Ct));
    }

    [Fact]
    public async Task Batch_FailedPrecondition_FailsOnlyThatRequest()
    {
        await using var store = await OpenAsync(_directory.File("state.db"));
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.CreateAsync(i % 2 == 0 ? "/same" : $"/own/{i}", V($"{i}"), cancellationToken: Ct);
                return true;
            }
            catch (StoreException e) when (e.Code == StoreErrorCode.KeyExists)
            {
                return false;
            }
        }, Ct)));

        Assert.Equal(26, results.Count(ok => ok));
        Assert.Equal(25, await store.CountAsync("/own/", Ct));
        Assert.Equal(26, store.CurrentRevision);
    }

    [Fact]
    public async Task BackgroundCompactor_ForgetsOldHistory()
    {
        var options = new SqliteStoreOptions(_directory.File("state.db"))
        {
            CompactInterval = TimeSpan.FromMilliseconds(100),
            CompactKeepDuration = TimeSpan.Zero,
            CompactKeepRevisions = 5,
        };
        await using var store = await Stores.OpenSqliteAsync(options, cancellationToken: Ct);
        var kv = await store.CreateAsync("/c/a", V("0"), cancellationToken: Ct);
        for (var i = 1; i < 20; i++)
        {
            kv = await store.UpdateAsync("/c/a", V($"{i}"), kv.ModRevision, cancellationToken: Ct);
        }

        StoreException? error = null;
        for (var attempt = 0; attempt < 100 && error is null; attempt++)
        {
            await Task.Delay(100, Ct);
            try
            {
                await store.ListAsync(new ListRequest("/c/", Revision: 2), Ct);
            }
            catch (StoreException e) when (e.Code == StoreErrorCode.Compacted)
            {
                error = e;
            }
        }

        Assert.NotNull(error);
        Assert.Equal(16, error.CompactRevision);
        var kept = await store.ListAsync(new ListRequest("/c/", Revision: 16), Ct);
        Assert.Equal("15", Encoding.UTF8.GetString(Assert.Single(kept.Items).Value.Span));
        var events = new List<WatchEvent>();
        await foreach (var change in store.WatchAsync("/c/", 16, Ct))
        {
            events.Add(change);
            if (events.Count == 5)
            {
                break;
            }
        }

        Assert.Equal([16L, 17, 18, 19, 20], events.Select(e => e.Revision).ToArray());
        Assert.Equal("14", Encoding.UTF8.GetString(events[0].Previous!.Value.Span));
    }

    [Fact]
    public async Task Ttl_ExpiredKey_IsDeletedWithRevisionAndEvent()
    {
        var options = new SqliteStoreOptions(_directory.File("state.db")) { TtlSweepInterval = TimeSpan.FromMilliseconds(50) };
        await using var store = await Stores.OpenSqliteAsync(options, cancellationToken: Ct);
        await using var watch = store.WatchAsync("/t/", 0, Ct).GetAsyncEnumerator(Ct);
        var created = await store.CreateAsync("/t/lease", V("x"), TimeSpan.FromMilliseconds(300), Ct);

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(WatchEventType.Created, watch.Current.Type);
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));

        Assert.Equal(WatchEventType.Deleted, watch.Current.Type);
        Assert.Equal(created.ModRevision + 1, watch.Current.Revision);
        Assert.Equal("x", Encoding.UTF8.GetString(watch.Current.Current.Value.Span));
        Assert.Null(await store.GetAsync("/t/lease", Ct));
        Assert.Equal(created.ModRevision + 1, store.CurrentRevision);
    }

    [Fact]
    public async Task Dispose_EndsWatchersAndRejectsWrites()
    {
        var store = await OpenAsync(_directory.File("state.db"));
        await using var watch = store.WatchAsync("/", 0, Ct).GetAsyncEnumerator(Ct);
        var next = watch.MoveNextAsync();

        await store.DisposeAsync();

        Assert.False(await next.AsTask().WaitAsync(TimeSpan.FromSeconds(5), Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.CreateAsync("/late", V("x"), cancellationToken: Ct));
    }

    [Fact]
    public async Task Dispose_WhileWritesArrive_EndsEveryWrite()
    {
        var path = _directory.File("closing.db");
        var store = await OpenAsync(path);
        var writes = Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.CreateAsync($"/closing/{i}", V("x"), cancellationToken: Ct);
                return true;
            }
            catch (Exception e) when (e is ObjectDisposedException || e is StoreException { Code: StoreErrorCode.Unavailable })
            {
                return false;
            }
        }, Ct)).ToArray();

        await store.DisposeAsync();

        // None may hang: each write was committed or refused, and what was acknowledged is on disk.
        var outcomes = await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await using var reopened = await OpenAsync(path);
        var stored = await reopened.ListAsync(new ListRequest("/closing/"), Ct);
        Assert.Equal(outcomes.Count(written => written), stored.Items.Count);
    }

    private static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    private static Task<IStore> OpenAsync(string path) => Stores.OpenSqliteAsync(new SqliteStoreOptions(path), cancellationToken: Ct);
}
