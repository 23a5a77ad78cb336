using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Kubesharp.Storage.Tests.Sqlite;

/// <summary>
/// Durability under kill -9: a child process writes and acknowledges, is killed at a random
/// moment, and every acknowledged write must be there when the file is opened again.
/// </summary>
public sealed class SqliteCrashTests : IDisposable
{
    private const int Rounds = 20;
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    [Trait("Category", "Slow")]
    public async Task KilledWriter_EveryAcknowledgedWriteSurvives()
    {
        var path = _directory.File("db/state.db");
        var random = new Random(12345);
        var clock = Stopwatch.StartNew();
        var totalAcks = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var acks = await RunAndKillAsync(path, TimeSpan.FromMilliseconds(random.Next(100, 600)));
            Assert.NotEmpty(acks);
            totalAcks += acks.Count;
            await VerifyAsync(path, acks);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"{Rounds} rounds took {clock.Elapsed}");
        TestContext.Current.SendDiagnosticMessage($"{Rounds} kills, {totalAcks} acknowledged writes, {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task<List<Ack>> RunAndKillAsync(string path, TimeSpan runAfterFirstAcks)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CrashWriterDll());
        start.ArgumentList.Add(path);

        var acks = new List<Ack>();
        var gate = new Lock();
        var firstAcks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null || Ack.Parse(line.Data) is not { } ack)
            {
                return; // a line cut off by the kill was never a complete acknowledgement
            }

            lock (gate)
            {
                acks.Add(ack);
                if (acks.Count >= 10)
                {
                    firstAcks.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (gate)
            {
                errors.AppendLine(line.Data);
            }
        };
        Assert.True(process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var started = await Task.WhenAny(firstAcks.Task, process.WaitForExitAsync(Ct), Task.Delay(TimeSpan.FromSeconds(30), Ct));
            Assert.True(started == firstAcks.Task, $"The crash writer acknowledged nothing. stderr: {errors}");
            await Task.Delay(runAfterFirstAcks, Ct);
        }
        finally
        {
            // Only this child (and its children), by its own handle: never by name.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
        }

        lock (gate)
        {
            return [.. acks];
        }
    }

    private static async Task VerifyAsync(string path, List<Ack> acks)
    {
        await using var store = await Stores.OpenSqliteAsync(
            new SqliteStoreOptions(path) { CompactInterval = TimeSpan.FromHours(1) },
            cancellationToken: Ct);
        Assert.True(store.CurrentRevision >= acks.Max(a => a.Revision), $"revision {store.CurrentRevision} is behind an acknowledged write");

        var listed = new Dictionary<string, KeyValue>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await store.ListAsync(new ListRequest("/crash/", 200, token), Ct);
            foreach (var kv in page.Items)
            {
                listed.Add(kv.Key, kv);
            }

            token = page.Continue;
        }
        while (token is not null);

        // A key has one writer and at most one write in flight: after its last acknowledgement it
        // holds either that value or the next, unacknowledged one, which may have committed.
        foreach (var last in acks.GroupBy(a => a.Key).Select(g => g.MaxBy(a => a.Revision)!))
        {
            Assert.True(listed.TryGetValue(last.Key, out var kv), $"acknowledged key {last.Key} is missing");
            var sequence = SequenceOf(kv.Value);
            if (kv.ModRevision == last.Revision)
            {
                Assert.Equal(last.Sequence, sequence);
            }
            else
            {
                Assert.True(kv.ModRevision > last.Revision, $"{last.Key} is at {kv.ModRevision}, older than acknowledged {last.Revision}");
                Assert.Equal(last.Sequence + 1, sequence);
            }
        }

        // History replayed from the start rebuilds exactly the listed state, without gaps.
        var replayed = new Dictionary<string, KeyValue>(StringComparer.Ordinal);
        long previous = 0;
        await using (var watch = store.WatchAsync("/crash/", 1, Ct).GetAsyncEnumerator(Ct))
        {
            while (previous < store.CurrentRevision && await watch.MoveNextAsync())
            {
                var change = watch.Current;
                Assert.Equal(previous + 1, change.Revision);
                previous = change.Revision;
                Assert.NotEqual(WatchEventType.Deleted, change.Type);
                replayed[change.Current.Key] = change.Current;
            }
        }

        Assert.Equal(store.CurrentRevision, previous);
        Assert.Equal(listed.Keys.Order(StringComparer.Ordinal), replayed.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, kv) in listed)
        {
            Assert.Equal(kv.ModRevision, replayed[key].ModRevision);
            Assert.True(kv.Value.Span.SequenceEqual(replayed[key].Value.Span));
        }
    }

    private static long SequenceOf(ReadOnlyMemory<byte> value)
    {
        var text = Encoding.UTF8.GetString(value.Span);
        return long.Parse(text.AsSpan(0, text.IndexOf(':', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }

    // The writer is built next to this project (same configuration and framework folders).
    private static string CrashWriterDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var tests = output.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(tests, "Kubesharp.Storage.CrashWriter", "bin", configuration, framework, "Kubesharp.Storage.CrashWriter.dll");
        Assert.True(File.Exists(dll), $"The crash writer is not built at {dll}.");
        return dll;
    }

    private sealed record Ack(string Key, long Revision, long Sequence)
    {
        public static Ack? Parse(string line)
        {
            var parts = line.Split(' ');
            return parts.Length == 4 && parts[0] == "ack"
                && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var revision)
                && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var sequence)
                ? new Ack(parts[1], revision, sequence)
                : null;
        }
    }
}
