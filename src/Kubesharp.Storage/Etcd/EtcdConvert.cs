using System.Text;
using Google.Protobuf;
using Kubesharp.Storage.Etcd.Protos;

namespace Kubesharp.Storage.Etcd;

/// <summary>Conversions between etcd's messages and the store's records.</summary>
internal static class EtcdConvert
{
    public static ByteString Bytes(string key) => ByteString.CopyFromUtf8(key);

    public static ByteString RangeEnd(string prefix) => ByteString.CopyFrom(StoreKeys.RangeEnd(Encoding.UTF8.GetBytes(prefix)));

    public static Storage.KeyValue ToKeyValue(Protos.KeyValue kv)
        => new(kv.Key.ToStringUtf8(), kv.Value.Memory, kv.CreateRevision, kv.ModRevision);

    public static WatchEvent ToWatchEvent(Event e)
    {
        var previous = e.PrevKv is { } p && p.CreateRevision != 0 ? ToKeyValue(p) : null;
        if (e.Type == Event.Types.EventType.Delete)
        {
            // etcd's DELETE carries only the key at the deletion revision; the deleted value
            // comes from prev_kv (absent only when that history was already compacted).
            var current = new Storage.KeyValue(
                e.Kv.Key.ToStringUtf8(),
                previous?.Value ?? ReadOnlyMemory<byte>.Empty,
                previous?.CreateRevision ?? 0,
                e.Kv.ModRevision);
            return new WatchEvent(WatchEventType.Deleted, current, previous);
        }

        var type = e.Kv.CreateRevision == e.Kv.ModRevision ? WatchEventType.Created : WatchEventType.Updated;
        return new WatchEvent(type, ToKeyValue(e.Kv), type == WatchEventType.Created ? null : previous);
    }

    public static Compare ModRevisionIs(string key, long revision) => new()
    {
        Key = Bytes(key),
        Target = Compare.Types.CompareTarget.Mod,
        Result = Compare.Types.CompareResult.Equal,
        ModRevision = revision,
    };

    /// <summary>
    /// The key exists. A mod_revision guard alone would let an update "expecting" revision 0
    /// create a missing key, because etcd compares an absent key's revisions as 0.
    /// </summary>
    public static Compare Exists(string key) => new()
    {
        Key = Bytes(key),
        Target = Compare.Types.CompareTarget.Create,
        Result = Compare.Types.CompareResult.Greater,
        CreateRevision = 0,
    };

    public static Compare Absent(string key) => new()
    {
        Key = Bytes(key),
        Target = Compare.Types.CompareTarget.Create,
        Result = Compare.Types.CompareResult.Equal,
        CreateRevision = 0,
    };

    public static RequestOp Get(string key) => new() { RequestRange = new RangeRequest { Key = Bytes(key) } };

    public static RequestOp Put(string key, ReadOnlyMemory<byte> value, long lease) => new()
    {
        RequestPut = new PutRequest { Key = Bytes(key), Value = ByteString.CopyFrom(value.Span), Lease = lease },
    };
}
