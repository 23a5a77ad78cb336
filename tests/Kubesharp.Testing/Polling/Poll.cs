namespace Kubesharp.Testing.Polling;

/// <summary>Waits for eventually-consistent state (a controller's work, a watch) with a bound.</summary>
public static class Poll
{
    /// <summary>
    /// Reads until <paramref name="done"/> holds or <paramref name="seconds"/> pass, and returns the
    /// last value read, so the caller's assertion shows what was there when time ran out.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, CancellationToken cancellationToken, int seconds = 20)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
            value = await read();
        }

        return value;
    }
}
