using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.Kubelet.Server;

/// <summary>kubectl logs' options (upstream's PodLogOptions) as the containerLogs query carries them.</summary>
internal sealed record LogRequest
{
    public bool Follow { get; init; }

    /// <summary>The previous attempt's log rather than the current one.</summary>
    public bool Previous { get; init; }

    public bool Timestamps { get; init; }

    /// <summary>Only the last lines of the file; all when null.</summary>
    public long? TailLines { get; init; }

    /// <summary>Only entries logged at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Stop after this many bytes of output.</summary>
    public long? LimitBytes { get; init; }

    /// <summary>Parses and validates the query as upstream does; <paramref name="now"/> anchors sinceSeconds.</summary>
    public static LogRequest Parse(string pod, IQueryCollection query, DateTimeOffset now)
    {
        var sinceSeconds = Integer(query, "sinceSeconds");
        var sinceTime = Time(query, "sinceTime");
        var request = new LogRequest
        {
            Follow = Flag(query, "follow"),
            Previous = Flag(query, "previous"),
            Timestamps = Flag(query, "timestamps"),
            TailLines = Integer(query, "tailLines"),
            LimitBytes = Integer(query, "limitBytes"),
            Since = sinceSeconds is { } s ? now.AddSeconds(-s) : sinceTime,
        };
        var invalid = new List<string>();
        if (request.TailLines is < 0)
        {
            invalid.Add($"tailLines: Invalid value: {request.TailLines}: must be greater than or equal to 0");
        }

        if (request.LimitBytes is < 1)
        {
            invalid.Add($"limitBytes: Invalid value: {request.LimitBytes}: must be greater than 0");
        }

        if (sinceSeconds is not null && sinceTime is not null)
        {
            invalid.Add("sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified");
        }

        if (sinceSeconds is < 1)
        {
            invalid.Add($"sinceSeconds: Invalid value: {sinceSeconds}: must be greater than 0");
        }

        if (invalid.Count > 0)
        {
            var detail = invalid.Count == 1 ? invalid[0] : "[" + string.Join(", ", invalid) + "]";
            throw new KubeletApiException(422, "Invalid", $"PodLogOptions \"{pod}\" is invalid: {detail}");
        }

        return request;
    }

    private static bool Flag(IQueryCollection query, string name)
    {
        var value = query[name].ToString();
        return value.Length != 0 && (bool.TryParse(value, out var b)
            ? b
            : throw KubeletApiException.BadRequest($"{name}: invalid boolean value \"{value}\""));
    }

    private static long? Integer(IQueryCollection query, string name)
    {
        var value = query[name].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw KubeletApiException.BadRequest($"{name}: invalid integer value \"{value}\"");
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name)
    {
        var value = query[name].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw KubeletApiException.BadRequest($"{name}: parsing time \"{value}\" as RFC3339 failed");
    }
}
