using System.Globalization;
using System.Text;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// An object's stored bytes (no resourceVersion) and the offset of its metadata's closing brace.
/// A read of it is those bytes with resourceVersion as the last metadata field, which is where the
/// registry's objects carry it, so a write's response reuses the bytes it stored instead of
/// serializing the object a second time. The bytes are the store's copy (the written KeyValue's value).
/// </summary>
internal sealed record EncodedObject(ReadOnlyMemory<byte> Bytes, int MetadataEnd)
{
    /// <summary>What goes at <see cref="MetadataEnd"/>: the resourceVersion field, after a comma unless metadata is otherwise empty.</summary>
    public byte[] RevisionField(long revision)
    {
        var separator = Bytes.Span[MetadataEnd - 1] == (byte)'{' ? "" : ",";
        return Encoding.UTF8.GetBytes($"{separator}\"resourceVersion\":\"{revision.ToString(CultureInfo.InvariantCulture)}\"");
    }

    /// <summary>The object as served: the bytes with <see cref="RevisionField"/> spliced in.</summary>
    public byte[] Served(long revision)
    {
        var field = RevisionField(revision);
        var bytes = Bytes.Span;
        var served = new byte[bytes.Length + field.Length];
        bytes[..MetadataEnd].CopyTo(served);
        field.CopyTo(served.AsSpan(MetadataEnd));
        bytes[MetadataEnd..].CopyTo(served.AsSpan(MetadataEnd + field.Length));
        return served;
    }
}
