using System.Globalization;
using System.Text;
using Kubesharp.Storage;

// Usage: Kubesharp.Storage.CrashWriter <database path>
// Runs 8 writers until killed. Each writer owns its keys and writes them one at a time, so a key
// has at most one write in flight. After every acknowledged write it prints, flushed:
//   ack <key> <modRevision> <sequence>
// where the value written is "<sequence>:" followed by padding.
if (args.Length != 1)
{
    await Console.Error.WriteLineAsync("usage: Kubesharp.Storage.CrashWriter <database path>");
    return 2;
}

const int Writers = 8;
const int KeysPerWriter = 32;
var output = Console.Out;
var outputLock = new Lock();
await using var store = await Stores.OpenSqliteAsync(new SqliteStoreOptions(args[0]));

// Resume from what survived earlier runs, as a restarted API server would.
var known = new Dictionary<string, (long Revision, long Sequence)>(StringComparer.Ordinal);
string? token = null;
do
{
    var page = await store.ListAsync(new ListRequest("/crash/", 500, token));
    foreach (var kv in page.Items)
    {
        known[kv.Key] = (kv.ModRevision, ParseSequence(kv.Value.Span));
    }

    token = page.Continue;
}
while (token is not null);

await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
{
    var random = new Random(Environment.ProcessId * 31 + writer);
    var mine = new Dictionary<string, (long Revision, long Sequence)>(StringComparer.Ordinal);
    foreach (var (key, state) in known)
    {
        if (key.StartsWith($"/crash/{writer}/", StringComparison.Ordinal))
        {
            mine[key] = state;
        }
    }

    while (true)
    {
        var key = $"/crash/{writer}/{random.Next(KeysPerWriter):D2}";
        var exists = mine.TryGetValue(key, out var state);
        var sequence = exists ? state.Sequence + 1 : 1;
        var value = Encoding.UTF8.GetBytes($"{sequence}:{new string('x', random.Next(16, 512))}");
        var written = exists
            ? await store.UpdateAsync(key, value, state.Revision)
            : await store.CreateAsync(key, value);
        mine[key] = (written.ModRevision, sequence);
        lock (outputLock)
        {
            output.WriteLine($"ack {key} {written.ModRevision} {sequence}");
            output.Flush();
        }
    }
})));
return 0;

static long ParseSequence(ReadOnlySpan<byte> value)
{
    var text = Encoding.UTF8.GetString(value);
    return long.Parse(text.AsSpan(0, text.IndexOf(':', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
}
