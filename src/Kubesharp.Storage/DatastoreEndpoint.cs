namespace Kubesharp.Storage;

/// <summary>A parsed <c>--datastore-endpoint</c>: exactly one of the two backends' options is set.</summary>
public sealed record DatastoreEndpoint(SqliteStoreOptions? Sqlite, EtcdStoreOptions? Etcd)
{
    /// <summary>The embedded database's file name under the data directory.</summary>
    public const string DefaultSqliteFile = "db/state.db";

    public static DatastoreEndpoint Parse(string? text, string dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
            return new DatastoreEndpoint(new SqliteStoreOptions(Path.Combine(dataDirectory, DefaultSqliteFile)), null);
        }

        text = text.Trim();
        if (text.StartsWith("sqlite://", StringComparison.OrdinalIgnoreCase))
        {
            var path = text["sqlite://".Length..];
            if (path.Length == 0)
            {
                throw NotUnderstood(text);
            }

            return new DatastoreEndpoint(new SqliteStoreOptions(path), null);
        }

        var endpoints = new List<Uri>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            endpoints.Add(ParseEtcdMember(part, text));
        }

        if (endpoints.Count == 0)
        {
            throw NotUnderstood(text);
        }

        return new DatastoreEndpoint(null, new EtcdStoreOptions(endpoints));
    }

    private static Uri ParseEtcdMember(string part, string whole)
    {
        var candidate = part.StartsWith("etcd://", StringComparison.OrdinalIgnoreCase)
            ? "http://" + part["etcd://".Length..]
            : part.Contains("://", StringComparison.Ordinal) ? part : "http://" + part;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0)
        {
            throw NotUnderstood(whole);
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

    private static ArgumentException NotUnderstood(string text) =>
        new($"the datastore endpoint '{text}' is not understood; use nothing (embedded SQLite), sqlite:///path/to/state.db, or etcd://host:port[,host:port]");
}
