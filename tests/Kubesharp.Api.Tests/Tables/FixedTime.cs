using System.Globalization;

namespace Kubesharp.Api.Tests.Tables;

/// <summary>A clock stopped at one instant, so ages in tables are deterministic.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public FixedTime()
        : this(Now)
    {
    }

    public override DateTimeOffset GetUtcNow() => now;

    /// <summary>An RFC 3339 time <paramref name="ago"/> before <see cref="Now"/>.</summary>
    public static string Ago(TimeSpan ago) => (Now - ago).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
