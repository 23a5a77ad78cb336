using System.Globalization;
using System.Text;

namespace Kubesharp.Kubelet.Server;

/// <summary>
/// One line of a CRI log file: <c>&lt;RFC3339Nano&gt; stdout|stderr F|P &lt;message&gt;</c>. A partial
/// (P) line is a piece of a longer line and carries no newline of its own.
/// </summary>
internal readonly record struct CriLogLine(DateTimeOffset Time, ReadOnlyMemory<byte> TimeText, bool Partial, ReadOnlyMemory<byte> Message)
{
    /// <summary>Parses a line without its trailing newline; false for anything not in the CRI format.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> line, out CriLogLine parsed)
    {
        parsed = default;
        var span = line.Span;
        var first = span.IndexOf((byte)' ');
        if (first <= 0)
        {
            return false;
        }

        var second = span[(first + 1)..].IndexOf((byte)' ');
        if (second <= 0)
        {
            return false;
        }

        second += first + 1;
        var tagStart = second + 1;
        var tagEnd = span[tagStart..].IndexOf((byte)' ');
        var tag = tagEnd < 0 ? span[tagStart..] : span.Slice(tagStart, tagEnd);
        if (!DateTimeOffset.TryParse(Encoding.ASCII.GetString(span[..first]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        var message = tagEnd < 0 ? ReadOnlyMemory<byte>.Empty : line[(tagStart + tagEnd + 1)..];
        parsed = new CriLogLine(time, line[..first], tag.SequenceEqual("P"u8), message);
        return true;
    }
}
