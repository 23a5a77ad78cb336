using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json.Nodes;

namespace Kubesharp.Client.Tests.Fakes;

/// <summary>One open watch of the fake server: a pipe whose reading end is the response body.</summary>
internal sealed class FakeWatch(string plural, string? @namespace)
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0));

    public string Plural { get; } = plural;

    public string? Namespace { get; } = @namespace;

    public Stream Body => _pipe.Reader.AsStream();

    public bool Matches(string plural, string? ns) => plural == Plural && (Namespace is null || Namespace == ns);

    /// <summary>Writes one frame; false once the client has gone away.</summary>
    public bool Send(string type, JsonObject obj)
    {
        var frame = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";
        _pipe.Writer.Write(Encoding.UTF8.GetBytes(frame));
        // With no pause threshold the flush completes synchronously.
        var result = _pipe.Writer.FlushAsync().AsTask().GetAwaiter().GetResult();
        return !result.IsCompleted;
    }

    /// <summary>Writes a frame split in two flushes, to exercise the client's incremental parser.</summary>
    public void SendSplit(string type, JsonObject obj)
    {
        var bytes = Encoding.UTF8.GetBytes(new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n");
        var half = bytes.Length / 2;
        _pipe.Writer.Write(bytes.AsSpan(0, half));
        _pipe.Writer.FlushAsync().AsTask().GetAwaiter().GetResult();
        _pipe.Writer.Write(bytes.AsSpan(half));
        _pipe.Writer.FlushAsync().AsTask().GetAwaiter().GetResult();
    }

    public void Close() => _pipe.Writer.Complete();
}
